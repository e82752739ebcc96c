using System.Collections.Concurrent;

namespace Distill.Tests.Testing;

/// <summary>
/// Real binaries compiled once per test run with real toolchains, shared by the tests that need
/// them (compiling each time would dominate the suite's time).
/// </summary>
public static class Artifacts
{
    private static readonly string Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"distill-test-artifacts-{Environment.ProcessId}");
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    /// <summary>examples/hello-c compiled with <c>musl-gcc -static</c>.</summary>
    public static string MuslStaticHello => Build("hello-musl-static", output =>
    {
        var musl = Tools.Require("musl-gcc");
        Run.Process(musl, ["-static", "-O2", "-o", output, Repo.Path("examples/hello-c/hello.c")]).AssertSuccess("musl-gcc");
    });

    /// <summary>examples/hello-go built with the static Go recipe (<c>CGO_ENABLED=0</c>).</summary>
    public static string GoStaticHello => Build("hello-go-static", output =>
    {
        var go = Tools.Require("go");
        Run.Process(go, ["build", "-trimpath", "-ldflags=-s -w -buildid=", "-o", output, "."], Repo.Path("examples/hello-go"),
            new Dictionary<string, string?>
            {
                ["CGO_ENABLED"] = "0",
                ["GOFLAGS"] = "-mod=mod",
                ["GOCACHE"] = System.IO.Path.Combine(Directory, "gocache"),
                ["GOPATH"] = System.IO.Path.Combine(Directory, "gopath"),
            }).AssertSuccess("go build");
    });

    /// <summary>examples/hello-go with cgo on: the net package makes it dynamic against glibc.</summary>
    public static string GoCgoHello => Build("hello-go-cgo", output =>
    {
        var go = Tools.Require("go");
        Tools.Require("gcc");
        Run.Process(go, ["build", "-trimpath", "-o", output, "."], Repo.Path("examples/hello-go"),
            new Dictionary<string, string?>
            {
                ["CGO_ENABLED"] = "1",
                ["GOFLAGS"] = "-mod=mod",
                ["GOCACHE"] = System.IO.Path.Combine(Directory, "gocache"),
                ["GOPATH"] = System.IO.Path.Combine(Directory, "gopath"),
            }).AssertSuccess("go build (cgo)");
    });

    /// <summary>A Rust program built with rustc's default target (dynamic glibc, libgcc_s for unwinding).</summary>
    public static string RustDefaultHello => Build("hello-rust-default", output =>
    {
        var rustc = Tools.Require("rustc");
        var src = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(output)!, "main.rs");
        File.WriteAllText(src, "fn main() { let v: Vec<String> = std::env::args().collect(); println!(\"hello from rust ({} args)\", v.len()); }\n");
        Run.Process(rustc, ["-O", "-o", output, src]).AssertSuccess("rustc");
    });

    /// <summary>A D program built with ldc2's defaults (dynamic phobos and druntime).</summary>
    public static string DDefaultHello => Build("hello-d-default", output =>
    {
        var ldc2 = Tools.Require("ldc2");
        var src = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(output)!, "hello.d");
        File.WriteAllText(src, "import std.stdio;\nvoid main(){ writeln(\"hello from D\"); }\n");
        Run.Process(ldc2, ["-O", "-of=" + output, src], System.IO.Path.GetDirectoryName(output)).AssertSuccess("ldc2");
    });

    /// <summary>A Nim program built with nim's defaults (dynamic glibc).</summary>
    public static string NimDefaultHello => Build("hello-nim-default", output =>
    {
        var nim = Tools.Require("nim");
        var dir = System.IO.Path.GetDirectoryName(output)!;
        var src = System.IO.Path.Combine(dir, "hellonim.nim");
        File.WriteAllText(src, "echo \"hello from Nim\"\n");
        Run.Process(nim, ["c", "-d:release", "--hints:off", "--nimcache:" + System.IO.Path.Combine(dir, "nimcache"), "-o:" + output, src], dir).AssertSuccess("nim c");
    });

    /// <summary>Compiles C or C++ source text with the given compiler and flags (cached by name).</summary>
    /// <remarks>The cache key includes a hash of the compiler, source and flags, so two tests that
    /// pick the same name for different programs never get each other's binary.</remarks>
    public static string CompileC(string name, string compiler, string source, params string[] flags) => Build(name + "-" + KeyHash([compiler, source, .. flags]), output =>
    {
        var cc = Tools.Require(compiler);
        var ext = compiler.Contains("++", StringComparison.Ordinal) ? ".cpp" : ".c";
        var src = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(output)!, "main" + ext);
        File.WriteAllText(src, source);
        Run.Process(cc, [.. flags, "-o", output, src]).AssertSuccess(compiler);
    });

    /// <summary>A directory for a multi-file build (cached by name); <paramref name="build"/> fills it.</summary>
    public static string BuildDirectory(string name, Action<string> build) => Build(name, output =>
    {
        var dir = System.IO.Path.GetDirectoryName(output)!;
        build(dir);
    }) is var marker ? System.IO.Path.GetDirectoryName(marker)! : "";

    /// <summary>A short hash of everything that makes up a build, for artifact cache keys.</summary>
    internal static string KeyHash(IEnumerable<string> parts) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("\0", parts))))[..12];

    /// <summary>Where shared artifacts live.</summary>
    public static string Root => Directory;

    private static string Build(string name, Action<string> compile)
    {
        var lazy = Built.GetOrAdd(name, n => new Lazy<string>(() =>
        {
            System.IO.Directory.CreateDirectory(Directory);
            var output = System.IO.Path.Combine(Directory, n, "hello");
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(output)!);
            compile(output);
            return output;
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }
}
