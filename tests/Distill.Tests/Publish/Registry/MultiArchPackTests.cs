using System.Text.Json;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary><c>distill pack --platform os/arch=PATH ...</c>: one image per platform under an index, in every sink.</summary>
public sealed class MultiArchPackTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private string Host => fixture.Server.Host;

    [Fact]
    public void PlatformPerArtifact_WritesOneIndexToLayoutArchiveAndRegistry()
    {
        var skopeo = Tools.Require("skopeo");
        using var dir = new TempDir();
        var amd = dir.Write("amd/app", "amd64 build\n", (UnixFileMode)0b111_101_101);
        var arm = dir.Write("arm/app", "arm64 build\n", (UnixFileMode)0b111_101_101);
        var result = Run.Distill(["pack", "--platform", $"linux/amd64={amd}", "--platform", $"linux/arm64={arm}", "--base", "scratch", "--json",
            "-o", $"oci:{dir["layout"]}:m", "-o", $"oci-archive:{dir["m.tar"]}:m", "-o", $"docker://{Host}/multi/pack:m"]).AssertSuccess("multi-arch pack");
        var digest = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("digest").GetString()!;

        var raw = Run.Process(skopeo, ["inspect", "--raw", $"oci:{dir["layout"]}:m"]).AssertSuccess("skopeo inspect layout").Stdout;
        using var index = JsonDocument.Parse(raw);
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(["amd64", "arm64"], index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()));
        Assert.Equal(digest, SkopeoRawDigest($"{Host}/multi/pack:m", "--tls-verify=false"));
        Assert.Equal(raw, Run.Process(skopeo, ["inspect", "--raw", $"oci-archive:{dir["m.tar"]}:m"]).AssertSuccess("skopeo inspect archive").Stdout);

        var arm64 = Run.Process(skopeo, ["inspect", "--tls-verify=false", "--override-arch", "arm64", $"docker://{Host}/multi/pack:m"]).AssertSuccess("skopeo inspect arm64").Stdout;
        Assert.Contains("\"Architecture\": \"arm64\"", arm64, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryPerPlatform_AndMistakes_AreReportedAsUsageErrors()
    {
        using var dir = new TempDir();
        dir.Write("dist/linux-amd64/app", "a\n", (UnixFileMode)0b111_101_101);
        dir.Write("dist/arm64/app", "b\n", (UnixFileMode)0b111_101_101);
        var ok = Run.Distill(["pack", dir["dist"], "--platform", "linux/amd64", "--platform", "linux/arm64", "--base", "scratch", "-o", $"oci:{dir["out"]}:m"]);
        ok.AssertSuccess("pack a directory per platform");
        Assert.Contains("image index for linux/amd64", ok.Stdout, StringComparison.Ordinal);

        var missing = Run.Distill(["pack", dir["dist"], "--platform", "linux/amd64", "--platform", "linux/s390x", "-o", $"oci:{dir["out2"]}:m"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("s390x", missing.Stderr, StringComparison.Ordinal);
        var twice = Run.Distill(["pack", "--platform", $"linux/amd64={dir["dist/arm64/app"]}", "--platform", $"linux/amd64={dir["dist/arm64/app"]}", "-o", $"oci:{dir["out3"]}:m"]);
        Assert.Equal(2, twice.ExitCode);
    }
}
