using System.Text.Json.Nodes;
using Distill.Tests.Dockerfile;
using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>
/// Issue 6's proof with the real toolchains: `distill build examples/hello-X` makes an image that
/// `distill verify` accepts and runc runs, and the Dockerfile `distill dockerfile` writes has the same
/// paths, user and entrypoint.
/// Zig is not here: Debian 12 has no Zig (its builder is tested with the fake runner).
/// </summary>
public sealed class BuildEndToEndTests
{
    /// <summary>example → (tools it needs, what `features` must print, recipe expected, runtime name; "closure" or null (static) for native binaries).</summary>
    private static readonly Dictionary<string, (string[] Tools, string Expect, string Recipe, string? Runtime)> Cases = new(StringComparer.Ordinal)
    {
        ["go"] = (["go"], "all features ok", "static", null),
        ["c"] = (["musl-gcc", "make"], "all features ok", "musl-static", null),
        ["cpp"] = (["g++", "cmake", "make"], "args: 1", "glibc-static", null),
        ["rust"] = (["cargo"], "all features ok", "crt-static", null),
        ["nim"] = (["nim", "musl-gcc"], "time zone Europe/Paris: ok", "musl-static", null),
        ["d"] = (["ldc2"], "args: 1", "static", null),
        ["crystal"] = (["crystal"], "time zone Europe/Paris: ok", "static", null),
        ["dotnet"] = (["dotnet", "clang"], "time zone Europe/Paris: ok", "aot", "closure"),
        ["java"] = (["javac", "jar", "jdeps", "jlink"], "time zone Europe/Paris: ok", "jlink", "jlink'd JRE"),
        ["node"] = (["node"], "time zone Europe/Paris: ok", "npm", "node"),
        ["python"] = (["python3"], "\"paris_hour\": 1", "pip", "python"),
        ["ruby"] = (["ruby"], "{\"features\":[\"features\"]}", "bundler", "ruby"),
        ["php"] = (["php"], "\"tz\":\"01\"", "composer", "php"),
    };

    public static TheoryData<string> Languages => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Build_ImageRuns_AndMatchesTheDockerfilesFinalStage(string example)
    {
        var (tools, expect, recipe, runtime) = Cases[example];
        foreach (var tool in tools)
        {
            Tools.Require(tool);
        }
        using var dir = new TempDir("distill-build-e2e");
        var layout = dir["layout"];
        var build = Run.Distill(["build", Examples.Path(example), "-o", $"oci:{layout}:latest", "--json"]).AssertSuccess($"distill build hello-{example}");
        var json = JsonNode.Parse(build.Stdout)!;
        Assert.Equal(recipe, (string?)json["recipe"]!["name"]);
        if (runtime is null or "closure")
        {
            // Native binaries: the analysis of the binary chose the base (the static essentials, or its exact library closure).
            Assert.Null(json["runtime"]);
            Assert.Equal(runtime ?? "static", (string?)json["image"]!["base"]);
        }
        else
        {
            Assert.Equal(runtime, (string?)json["runtime"]!["name"]);
            Assert.Matches(@"^\d+\.\d+", (string?)json["runtime"]!["version"]);
        }

        var verify = Run.Distill(["verify", $"oci:{layout}:latest"]).AssertSuccess("distill verify");
        Assert.Contains("will start", verify.Stdout, StringComparison.Ordinal);

        var run = Runc.RunImage($"{layout}:latest", "features");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello from Distill", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(expect, run.Stdout, StringComparison.Ordinal);

        // The Dockerfile's final stage: same entrypoint, same user, and every path it copies from the build stage is in the image.
        var dockerfile = ParsedDockerfile.Parse(Run.Distill(["dockerfile", Examples.Path(example)]).AssertSuccess("distill dockerfile").Stdout);
        var image = ImageFiles.Read(layout);
        Assert.Equal(dockerfile.Entrypoint, image.ImageEntrypoint);
        Assert.Equal(dockerfile.User, image.ImageUser);
        foreach (var copy in dockerfile.FinalCopies)
        {
            Assert.Contains(copy.To.TrimEnd('/'), image.Paths);
        }
        Assert.DoesNotContain(image.Paths, p => p.StartsWith("/app/.distill", StringComparison.Ordinal));
    }

    [Fact]
    public void RuntimeVersion_IsTheHostsNode()
    {
        var node = Tools.Require("node");
        using var dir = new TempDir("distill-build-e2e");
        var build = Run.Distill(["build", Examples.Path("node"), "-o", $"oci:{dir["layout"]}:latest", "--json"]).AssertSuccess("distill build hello-node");
        var host = Run.Process(node, ["--version"]).AssertSuccess("node --version").Stdout.Trim().TrimStart('v');
        Assert.Equal(host, (string?)JsonNode.Parse(build.Stdout)!["runtime"]!["version"]);
        // The closure is exact: the loader and libc are there, and nothing from a package the binary does not use.
        var image = ImageFiles.Read(dir["layout"]);
        Assert.Contains(image.Paths, p => p.EndsWith("/libc.so.6", StringComparison.Ordinal));
        Assert.Contains(image.Paths, p => p.Contains("ld-linux-x86-64.so.2", StringComparison.Ordinal));
        Assert.DoesNotContain(image.Paths, p => p.Contains("libpython", StringComparison.Ordinal));
    }

    [Fact]
    public void RecipeOverride_GoWithCgo_GetsItsLibraryClosure_AndRuns()
    {
        Tools.Require("go");
        Tools.Require("gcc");
        using var dir = new TempDir("distill-build-e2e");
        var build = Run.Distill(["build", Examples.Path("go"), "--recipe", "cgo", "-o", $"oci:{dir["layout"]}:latest"]).AssertSuccess("distill build --recipe cgo");
        Assert.Contains("Recipe cgo:", build.Stderr, StringComparison.Ordinal);
        Assert.Contains("because --recipe cgo asked for it", build.Stderr, StringComparison.Ordinal);
        var image = ImageFiles.Read(dir["layout"]);
        Assert.Contains(image.Paths, p => p.EndsWith("/libc.so.6", StringComparison.Ordinal));
        var run = Runc.RunImage($"{dir["layout"]}:latest", "features");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("all features ok", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraFlags_AfterDoubleDash_ReachTheToolchain()
    {
        Tools.Require("go");
        using var dir = new TempDir("distill-build-e2e");
        var build = Run.Distill(["build", Examples.Path("go"), "-o", $"oci:{dir["layout"]}:latest", "--", "-tags", "netgo"]).AssertSuccess("distill build -- -tags netgo");
        Assert.Contains("$ CGO_ENABLED=0 go build -trimpath '-ldflags=-s -w -buildid=' -tags netgo -o .distill/hello-go .", build.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonRuntime_HoldsTheStdlibModulesTheAppImports_AndNotTheRest()
    {
        Tools.Require("python3");
        using var dir = new TempDir("distill-build-e2e");
        var build = Run.Distill(["build", Examples.Path("python"), "-o", $"oci:{dir["layout"]}:latest", "--json"]).AssertSuccess("distill build hello-python");
        var version = (string)JsonNode.Parse(build.Stdout)!["runtime"]!["version"]!;
        var lib = "/usr/lib/python" + string.Join('.', version.Split('.').Take(2));
        var image = ImageFiles.Read(dir["layout"]);
        // main.py imports json, socket and zoneinfo; the interpreter needs os (its prefix landmark) and the codecs.
        foreach (var module in new[] { "/json/__init__.py", "/socket.py", "/zoneinfo/__init__.py", "/os.py", "/encodings/utf_8.py", "/lib-dynload" })
        {
            Assert.Contains(lib + module, image.Paths);
        }
        foreach (var unused in new[] { "/tkinter", "/sqlite3", "/curses", "/idlelib", "/ensurepip" })
        {
            Assert.DoesNotContain(lib + unused, image.Paths);
        }
        // modulefinder over-approximates (every import it can see, taken or not), but well short of the whole stdlib (427 of 668 files here: all codecs, and what zoneinfo may reach).
        var hostStdlib = Run.Process("/usr/bin/python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).Stdout.Trim();
        var hostCount = Directory.EnumerateFiles(hostStdlib, "*.py", SearchOption.AllDirectories).Count(f => !f.Contains("/site-packages/", StringComparison.Ordinal) && !f.Contains("/dist-packages/", StringComparison.Ordinal));
        var imageCount = image.Paths.Count(p => p.StartsWith(lib + "/", StringComparison.Ordinal) && p.EndsWith(".py", StringComparison.Ordinal));
        Assert.True(imageCount * 4 < hostCount * 3, $"{imageCount} stdlib modules in the image, {hostCount} on the host");
        Assert.Contains("/usr/bin/python3", image.Paths);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void BuildingTwice_GivesTheSameImageDigest(string example)
    {
        foreach (var tool in Cases[example].Tools)
        {
            Tools.Require(tool);
        }
        using var dir = new TempDir("distill-build-e2e");
        var first = Run.Distill(["build", Examples.Path(example), "-q", "-o", $"oci:{dir["one"]}:latest"]).AssertSuccess("first build").Stdout.Trim();
        var second = Run.Distill(["build", Examples.Path(example), "-q", "-o", $"oci:{dir["two"]}:latest"]).AssertSuccess("second build").Stdout.Trim();
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Fact]
    public void MissingToolchain_IsOneLine_NamingTheToolAndThePackage()
    {
        using var dir = new TempDir("distill-build-e2e");
        var result = Run.Distill(["build", Examples.Path("go"), "-o", $"oci:{dir["layout"]}:latest"], env: new Dictionary<string, string?> { ["PATH"] = dir["empty-path"] });
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("distill: error DST051: 'go' is not installed: apt-get install golang-go", result.Stderr.Trim().Split('\n')[^1]);
        Assert.False(Directory.Exists(dir["layout"]));
    }
}
