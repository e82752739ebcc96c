using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>
/// An interpreted app's own native code (a Python C library loaded with ctypes, as a C extension or a
/// node addon would be) gets the libraries it needs from the host, beyond the interpreter's closure.
/// </summary>
public sealed class NativeExtensionTests
{
    // C++: libstdc++ is not in python3's own closure, so the image has it only if the app's library is followed.
    private const string Greet = "#include <string>\nstatic std::string s;\nextern \"C\" const char *greet() { s = std::string(\"hello from a native \") + \"library\"; return s.c_str(); }\n";

    private const string Main = """
        import ctypes, os
        lib = ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(__file__)), "libgreet.so"))
        lib.greet.restype = ctypes.c_char_p
        print(lib.greet().decode())
        """;

    [Fact]
    public void A_python_app_with_a_cxx_library_builds_verifies_and_runs()
    {
        var gxx = Testing.Tools.Require("g++");
        Testing.Tools.Require("python3");
        using var dir = new TempDir();
        dir.Write("app/main.py", Main + "\n");
        dir.Write("greet.cpp", Greet);
        Run.Process(gxx, ["-shared", "-fPIC", "-O2", "-o", dir["app/libgreet.so"], dir["greet.cpp"]]).AssertSuccess("g++ -shared");

        var build = Run.Distill(["build", dir["app"], "-o", $"oci:{dir["layout"]}:v1"]);
        build.AssertSuccess("distill build");
        var files = Run.Distill(["inspect", "--files", $"oci:{dir["layout"]}:v1"]).AssertSuccess("inspect --files").Stdout;
        Assert.Contains("libstdc++.so.6", files, StringComparison.Ordinal);
        Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).AssertSuccess("verify");
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hello from a native library", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_native_library_needing_what_the_host_lacks_is_a_note_not_a_failure()
    {
        var gcc = Testing.Tools.Require("gcc");
        Testing.Tools.Require("python3");
        using var dir = new TempDir();
        dir.Write("app/main.py", "print('hello')\n");
        // A library whose DT_NEEDED names a soname no host has.
        dir.Write("stub.c", "int absent(void){return 0;}\n");
        Run.Process(gcc, ["-shared", "-fPIC", "-o", dir["libabsent-distill.so.9"], dir["stub.c"], "-Wl,-soname,libabsent-distill.so.9"]).AssertSuccess("gcc stub");
        dir.Write("ext.c", "int absent(void);\nint ext(void){return absent();}\n");
        Run.Process(gcc, ["-shared", "-fPIC", "-o", dir["app/ext.so"], dir["ext.c"], dir["libabsent-distill.so.9"]]).AssertSuccess("gcc ext");

        var build = Run.Distill(["build", dir["app"], "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("distill build");
        Assert.Contains("libabsent-distill.so.9 is not on this host", build.Output, StringComparison.Ordinal);
        Assert.Contains("app/ext.so", build.Output, StringComparison.Ordinal);
    }
}
