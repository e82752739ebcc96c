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
