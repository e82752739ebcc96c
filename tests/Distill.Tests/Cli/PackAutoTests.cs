using Distill.Oci;
using Distill.Tests.Testing;

namespace Distill.Tests.Cli;

/// <summary>Issue 3 item 4: --base auto (the default) chooses from the artifact's bytes and sets the platform from the ELF.</summary>
public sealed class PackAutoTests
{
    private static string PackedBase(ProcessOutcome outcome) =>
        System.Text.Json.JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("base").GetString()!;

    [Fact]
    public void Auto_ChoosesStaticForStaticBinaries_AndClosureForDynamicOnes()
    {
        using var dir = new TempDir();
        var go = Run.Distill(["pack", Artifacts.GoStaticHello, "--json", "-o", $"oci:{dir["a"]}"]).AssertSuccess("pack go");
        Assert.Equal("static", PackedBase(go));
        var dynamic = Run.Distill(["pack", Artifacts.CompileC("gcc-dynamic", "gcc", Base.ClosureEndToEndTests.HelloC, "-O2"), "--json", "-o", $"oci:{dir["b"]}"]).AssertSuccess("pack gcc");
        Assert.Equal("closure", PackedBase(dynamic));
        Assert.Contains("base closure:", dynamic.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["b"]}"]).ExitCode);
    }

    [Fact]
    public void Cmd_HoldsThePackedProgramsArguments_AsTheDemoUsesIt()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", Artifacts.MuslStaticHello, "--base", "static", "--cmd", "features", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack --cmd");
        var config = ImageConfig.Parse(File.ReadAllBytes(ConfigPath(dir["layout"])));
        Assert.Equal(["/app/hello"], config.Config.Entrypoint);
        Assert.Equal(["features"], config.Config.Cmd);
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("all features ok", run.Stdout, StringComparison.Ordinal);
    }

    private static string ConfigPath(string layout)
    {
        var index = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var manifest = ImageManifest.Parse(File.ReadAllBytes(Path.Combine(layout, "blobs/sha256", index.Manifests[0].Digest.Hex)));
        return Path.Combine(layout, "blobs/sha256", manifest.Config.Digest.Hex);
    }

    [Fact]
    public void ForeignArchitecture_IsRefusedUnlessThePlatformSaysSo()
    {
        var binary = Artifacts.CompileC("aarch64-static", "aarch64-linux-gnu-gcc", Base.ClosureEndToEndTests.HelloC, "-static", "-O2");
        using var dir = new TempDir();
        var refused = Run.Distill(["pack", binary, "-o", $"oci:{dir["a"]}"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("DST022", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--platform linux/arm64", refused.Stderr, StringComparison.Ordinal);
        var contradiction = Run.Distill(["pack", binary, "--platform", "linux/amd64", "-o", $"oci:{dir["a"]}"]);
        Assert.Equal(1, contradiction.ExitCode);
        Assert.Contains("linux/arm64 binary, but --platform says linux/amd64", contradiction.Stderr, StringComparison.Ordinal);

        Run.Distill(["pack", binary, "--platform", "linux/arm64", "-o", $"oci:{dir["b"]}:v1"]).AssertSuccess("pack arm64");
        var index = ImageIndex.Parse(File.ReadAllBytes(dir["b/index.json"]));
        var manifest = ImageManifest.Parse(File.ReadAllBytes(dir[$"b/blobs/sha256/{index.Manifests[0].Digest.Hex}"]));
        var config = ImageConfig.Parse(File.ReadAllBytes(dir[$"b/blobs/sha256/{manifest.Config.Digest.Hex}"]));
        Assert.Equal("linux/arm64", config.Platform.ToString());
    }

    [Fact]
    public void PythonScript_GoesOnThePython3Tier_AndRuns()
    {
        using var dir = new TempDir();
        var script = dir.Write("app/hello.py", "import sys\nprint('hello from python', sys.version_info.major)\n");
        var outcome = Run.Distill(["pack", script, "--json", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack python");
        Assert.Equal("python3", PackedBase(outcome));
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).ExitCode);
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hello from python 3", run.Stdout, StringComparison.Ordinal);
    }
}
