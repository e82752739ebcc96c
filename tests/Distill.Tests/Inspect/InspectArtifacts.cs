using System.Collections.Concurrent;
using Distill.Tests.Testing;

namespace Distill.Tests.Inspect;

/// <summary>
/// Real artifacts for the inspector tests, compiled once per test run with the toolchains CI installs
/// (sources are written here, not kept as binaries). Each build runs at most once; tests that need a
/// missing tool skip locally and fail in CI (<see cref="Tools.Require"/>).
/// </summary>
internal static class InspectArtifacts
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"distill-inspect-artifacts-{Environment.ProcessId}");
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    // Persistent toolchain caches keep repeated runs fast; outputs still go to the per-run directory.
    private static readonly string Cache = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath(), ".cache", "distill-tests");

    public const string HelloC = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";

    public const string NetC = """
        #include <netdb.h>
        #include <pwd.h>
        int main(int argc, char **argv) {
            struct addrinfo *r;
            if (getaddrinfo(argc > 1 ? argv[1] : "localhost", 0, 0, &r) != 0) return 1;
            return getpwnam("root") == 0;
        }
        """;

    public const string CancelC = """
        #include <dlfcn.h>
        #include <pthread.h>
        static void *spin(void *a) { for (;;) pthread_testcancel(); return a; }
        int main(void) {
            pthread_t t;
            pthread_create(&t, 0, spin, 0);
            pthread_cancel(t);
            pthread_join(t, 0);
            return dlopen("libssl.so.3", RTLD_NOW) == 0;
        }
        """;

    public const string HelloCpp = "#include <iostream>\nint main() { std::cout << \"hi\" << std::endl; return 0; }\n";

    public const string HelloGo = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n";

    public const string NetGo = """
        package main

        import (
            "crypto/tls"
            "fmt"
            "net"
            "os/user"
            "time"
        )

        func main() {
            addrs, _ := net.LookupHost("localhost")
            u, _ := user.Current()
            loc, _ := time.LoadLocation("Europe/Paris")
            c, err := tls.Dial("tcp", "127.0.0.1:1", &tls.Config{})
            fmt.Println(addrs, u, loc, c, err)
        }
        """;

    /// <summary>Compiles C/C++ with a driver (gcc, g++, musl-gcc, aarch64-linux-gnu-gcc) and flags.</summary>
    public static string C(string name, string driver, string source, params string[] flags) => Build(name, [driver, source, .. flags], dir =>
    {
        var compiler = Tools.Require(driver);
        var file = Path.Combine(dir, driver.Contains("++", StringComparison.Ordinal) ? "main.cpp" : "main.c");
        File.WriteAllText(file, source);
        var output = Path.Combine(dir, name);
        Run.Process(compiler, ["-O2", "-o", output, file, .. flags]).AssertSuccess($"{driver} {name}");
        return output;
    });

    /// <summary>Builds a Go main package (module example.com/app) with CGO_ENABLED and extra build flags.</summary>
    public static string Go(string name, string source, bool cgo, params string[] flags) => Build(name, [source, cgo ? "cgo" : "nocgo", .. flags], dir =>
    {
        var go = Tools.Require("go");
        if (cgo)
        {
            Tools.Require("gcc");
        }
        File.WriteAllText(Path.Combine(dir, "main.go"), source);
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/app\n\ngo 1.19\n");
        var output = Path.Combine(dir, name);
        Run.Process(go, ["build", "-trimpath", .. flags, "-o", output, "."], dir, new Dictionary<string, string?>
        {
            ["CGO_ENABLED"] = cgo ? "1" : "0",
            ["GOFLAGS"] = "-mod=mod",
            ["GOCACHE"] = Path.Combine(Cache, "go-build"),
            ["GOPATH"] = Path.Combine(Root, "gopath"),
        }).AssertSuccess($"go build {name}");
        return output;
    });

    /// <summary>Compiles a Rust program with rustc and extra flags.</summary>
    public static string Rust(string name, params string[] flags) => Build(name, flags, dir =>
    {
        var rustc = Tools.Find("rustc") ?? Tools.Find(Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cargo/bin/rustc")) ?? Tools.Require("rustc");
        var file = Path.Combine(dir, "main.rs");
        File.WriteAllText(file, "fn main() { println!(\"hi\"); }\n");
        var output = Path.Combine(dir, name);
        Run.Process(rustc, ["-O", "-o", output, file, .. flags]).AssertSuccess($"rustc {name}");
        return output;
    });

    /// <summary>A jar with Main-Class built by javac --release and jar.</summary>
    public static string Jar(string name, int release) => Build(name, [release.ToString(System.Globalization.CultureInfo.InvariantCulture)], dir =>
    {
        var javac = Tools.Require("javac");
        var jar = Tools.Require("jar");
        File.WriteAllText(Path.Combine(dir, "Main.java"), "public class Main { public static void main(String[] a) { System.out.println(\"hi\"); } }\n");
        Run.Process(javac, ["--release", release.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "classes", "Main.java"], dir).AssertSuccess("javac");
        File.WriteAllText(Path.Combine(dir, "manifest.txt"), "Main-Class: Main\n");
        var output = Path.Combine(dir, name + ".jar");
        Run.Process(jar, ["cfm", output, "manifest.txt", "-C", "classes", "."], dir).AssertSuccess("jar");
        return output;
    });

    /// <summary>
    /// <c>dotnet publish</c> of a console app into its own folder, with extra properties; returns the folder.
    /// The project lives outside the repository so the repository's build settings do not apply.
    /// </summary>
    public static string Dotnet(string name, string program, params string[] properties) => Build(name, [program, .. properties], dir =>
    {
        var dotnet = Tools.Require("dotnet");
        File.WriteAllText(Path.Combine(dir, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>app</AssemblyName>
                <ImplicitUsings>disable</ImplicitUsings>
                <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        var output = Path.Combine(dir, "publish");
        var env = new Dictionary<string, string?>();
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_", StringComparison.Ordinal) || k == "VSTEST_HOST_DEBUG"))
        {
            env[key] = null; // the test host's own MSBuild/dotnet settings must not leak into the child build
        }
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        Run.Process(dotnet, ["publish", "-c", "Release", "-o", output, "--nologo", "-v", "q", .. properties.Select(p => "-p:" + p)], dir, env, TimeSpan.FromMinutes(8))
            .AssertSuccess($"dotnet publish {name}");
        return output;
    });

    /// <summary>Writes a file (with mode) into a fresh directory of its own; returns its path.</summary>
    public static string Text(string name, string relative, string content, UnixFileMode? mode = null) => Build(name, [relative, content, mode?.ToString() ?? ""], dir =>
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } m)
        {
            File.SetUnixFileMode(path, m);
        }
        return path;
    });

    // Keyed by name and a hash of the inputs: two tests that reuse a name for different programs
    // must not get each other's artifact.
    private static string Build(string name, IEnumerable<string> inputs, Func<string, string> build)
    {
        var lazy = Built.GetOrAdd(name + "-" + Artifacts.KeyHash(inputs), n => new Lazy<string>(() =>
        {
            var dir = Path.Combine(Root, n);
            Directory.CreateDirectory(dir);
            return build(dir);
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }
}
