using Distill.Tests.Testing;

namespace Distill.Tests.Base;

/// <summary>
/// Issue 4's proof: dynamic binaries packed on exactly their library closure run under runc, and
/// <c>distill verify</c> passes on them and fails, naming the missing file, on broken images.
/// </summary>
public sealed class ClosureEndToEndTests
{
    internal const string HelloC = "#include <stdio.h>\nint main(void){puts(\"hello closure\");return 0;}\n";
    private const string HelloCpp = "#include <iostream>\n#include <string>\nint main(){std::string s=\"hello closure\";std::cout<<s<<std::endl;return 0;}\n";

    internal static void PackVerifyRun(string input, string expected, string baseName = "closure", string[]? extra = null)
    {
        using var dir = new TempDir();
        var layout = dir["layout"];
        Run.Distill(["pack", input, "--base", baseName, .. extra ?? [], "-o", $"oci:{layout}:v1"]).AssertSuccess("distill pack");
        var verify = Run.Distill(["verify", $"oci:{layout}:v1"]);
        Assert.True(verify.ExitCode == 0, "verify failed:\n" + verify.Output);
        Assert.Contains("will start", verify.Stdout, StringComparison.Ordinal);
        var run = Runc.RunImage($"{layout}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GccDynamic_RunsOnItsClosure() =>
        PackVerifyRun(Artifacts.CompileC("gcc-dynamic", "gcc", HelloC, "-O2"), "hello closure");

    [Fact]
    public void GccDynamicExample_OnItsClosure_ResolvesNamesLoadsRootsAndTimeZones()
    {
        var binary = Artifacts.CompileC("hello-c-dynamic", "gcc", File.ReadAllText(Repo.Path("examples/hello-c/hello.c")), "-O2");
        using var dir = new TempDir();
        Run.Distill(["pack", binary, "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack --base auto");
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).ExitCode);
        var run = Runc.RunImage($"{dir["layout"]}:v1", "features");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("all features ok", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GppDynamic_WithLibstdcxx_RunsOnItsClosure() =>
        PackVerifyRun(Artifacts.CompileC("gpp-dynamic", "g++", HelloCpp, "-O2"), "hello closure");

    [Fact]
    public void MuslDynamic_RunsOnItsClosure() =>
        PackVerifyRun(Artifacts.CompileC("musl-dynamic", "musl-gcc", HelloC, "-O2"), "hello closure");

    [Fact]
    public void I386Dynamic_RunsOnItsClosure()
    {
        Tools.Require("gcc");
        if (!File.Exists("/usr/lib32/libc.so.6") && !File.Exists("/lib32/libc.so.6"))
        {
            Tools.Require("/usr/lib32/libc.so.6 (gcc-12-multilib)");
        }
        PackVerifyRun(Artifacts.CompileC("gcc-i386", "gcc", HelloC, "-m32", "-O2"), "hello closure", extra: ["--platform", "linux/386"]);
    }

    [Fact]
    public void GoWithCgoAndNet_RunsOnItsClosure_WithTheFeatures()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", Artifacts.GoCgoHello, "--base", "closure", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).ExitCode);
        var run = Runc.RunImage($"{dir["layout"]}:v1", "features");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("all features ok", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RustDefaultTarget_WithLibgccS_RunsOnItsClosure() =>
        PackVerifyRun(Artifacts.RustDefaultHello, "hello from rust");

    [Fact]
    public void DDefaultBuild_WithSharedPhobos_RunsOnItsClosure() =>
        PackVerifyRun(Artifacts.DDefaultHello, "hello from D");

    [Fact]
    public void NimDefaultBuild_RunsOnItsClosure() =>
        PackVerifyRun(Artifacts.NimDefaultHello, "hello from Nim");

    [Fact]
    public void RunpathOrigin_ShipsItsOwnLibrary()
    {
        var app = Artifacts.BuildDirectory("runpath-origin", dir =>
        {
            var gcc = Tools.Require("gcc");
            Directory.CreateDirectory(Path.Combine(dir, "app/lib"));
            File.WriteAllText(Path.Combine(dir, "greet.c"), "#include <stdio.h>\nvoid greet(void){puts(\"hello from libgreet via $ORIGIN\");}\n");
            File.WriteAllText(Path.Combine(dir, "main.c"), "void greet(void);\nint main(void){greet();return 0;}\n");
            Run.Process(gcc, ["-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", Path.Combine(dir, "app/lib/libgreet.so.1"), Path.Combine(dir, "greet.c")]).AssertSuccess("gcc -shared");
            Run.Process(gcc, ["-o", Path.Combine(dir, "app/hello"), Path.Combine(dir, "main.c"), "-L" + Path.Combine(dir, "app/lib"), "-l:libgreet.so.1", "-Wl,-rpath,$ORIGIN/lib"]).AssertSuccess("gcc");
            File.WriteAllText(Path.Combine(dir, "hello"), "marker");
        });
        PackVerifyRun(Path.Combine(app, "app"), "hello from libgreet via $ORIGIN", extra: ["--entrypoint", "/app/hello"]);
    }

    [Fact]
    public void Verify_FailsOnADynamicBinaryPackedOnScratch()
    {
        using var dir = new TempDir();
        var binary = Artifacts.CompileC("gcc-dynamic", "gcc", HelloC, "-O2");
        Run.Distill(["pack", binary, "--base", "scratch", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("FAIL  libraries   /lib64/ld-linux-x86-64.so.2 is missing", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("libc.so.6 is missing", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("will NOT start", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NamesTheDataFilesAScratchProgramLacks()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", Artifacts.GoStaticHello, "--base", "scratch", "-o", $"oci:{dir["scratch"]}:v1"]).AssertSuccess("pack scratch");
        var scratch = Run.Distill(["verify", $"oci:{dir["scratch"]}:v1"]);
        Assert.Equal(0, scratch.ExitCode); // it starts; it fails later, which the warnings say
        Assert.Contains("needs a CA bundle (it does TLS), but /etc/ssl/certs/ca-certificates.crt is missing", scratch.Stdout, StringComparison.Ordinal);
        Assert.Contains("needs time zone data, but /usr/share/zoneinfo is missing", scratch.Stdout, StringComparison.Ordinal);
        Run.Distill(["pack", Artifacts.GoStaticHello, "--base", "static", "-o", $"oci:{dir["static"]}:v1"]).AssertSuccess("pack static");
        var withEssentials = Run.Distill(["verify", $"oci:{dir["static"]}:v1"]);
        Assert.Contains("needs a CA bundle (it does TLS): /etc/ssl/certs/ca-certificates.crt is there", withEssentials.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warn", withEssentials.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FailsOnAScriptWithoutItsInterpreter()
    {
        using var dir = new TempDir();
        var script = dir.Write("app/run.py", "#!/usr/bin/python3\nprint('hi')\n", (UnixFileMode)0b111_101_101);
        Run.Distill(["pack", script, "--base", "static", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("needs the interpreter /usr/bin/python3, which is not in the image", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FailsOnANameOnlyUserMissingFromPasswd()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", Artifacts.MuslStaticHello, "--user", "appuser", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("user 'appuser' is not numeric and /etc/passwd does not list it", verify.Stdout, StringComparison.Ordinal);
        // The same name that passwd has is fine.
        Run.Distill(["pack", Artifacts.MuslStaticHello, "--user", "nonroot", "-o", $"oci:{dir["layout"]}:v2"]).AssertSuccess("pack");
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:v2"]).ExitCode);
    }
}
