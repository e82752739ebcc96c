using System.Text.Json;
using Distill.Tests.Testing;

namespace Distill.Tests.Publish.Registry;

/// <summary><c>distill pack --base docker://REF</c>: an image built on a base pulled from the registry, run under runc.</summary>
public sealed class BaseImageTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private string Host => fixture.Server.Host;

    [Fact]
    public void PackOnABasePulledFromTheRegistry_KeepsItsLayersAndConfig_AndRunsUnderRunc()
    {
        var binary = Artifacts.GoStaticHello;
        using var dir = new TempDir();
        var cache = dir["cache"];
        // The base: the static essentials (passwd, CA bundle, zoneinfo, SSL_CERT_FILE) and a marker file, pushed by pack itself.
        var marker = dir.Write("marker.txt", "base\n");
        var pushed = Run.Distill(["pack", marker, "--base", "static", "--entrypoint", "/app/marker.txt", "--workdir", "/srv", "--digest-file", dir["base.digest"],
            "-o", $"docker://{Host}/base/static:1"], cache: cache).AssertSuccess("pack the base");
        var baseDigest = File.ReadAllText(dir["base.digest"]).Trim();
        Assert.Contains($"Pushed {Host}/base/static@{baseDigest}", pushed.Stdout, StringComparison.Ordinal);

        var layout = dir["app"];
        Run.Distill(["pack", binary, "--base", $"docker://{Host}/base/static:1", "-o", $"oci:{layout}:v1"], cache: cache).AssertSuccess("pack on the pulled base");

        using var baseInfo = JsonDocument.Parse(Run.Distill(["inspect", "--json", $"docker://{Host}/base/static:1"], cache: cache).AssertSuccess("inspect base").Stdout);
        using var appInfo = JsonDocument.Parse(Run.Distill(["inspect", "--json", $"oci:{layout}:v1"], cache: cache).AssertSuccess("inspect app").Stdout);
        var baseLayers = baseInfo.RootElement.GetProperty("image").GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList();
        var appImage = appInfo.RootElement.GetProperty("image");
        var appLayers = appImage.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList();
        Assert.Equal(baseLayers, appLayers.Take(baseLayers.Count));
        Assert.Equal(baseLayers.Count + 1, appLayers.Count);
        var config = appImage.GetProperty("config").GetProperty("config");
        Assert.Equal("65532", config.GetProperty("User").GetString());
        Assert.Equal("/srv", config.GetProperty("WorkingDir").GetString());
        Assert.Contains(config.GetProperty("Env").EnumerateArray(), e => e.GetString()!.StartsWith("SSL_CERT_FILE=", StringComparison.Ordinal));

        var features = Runc.RunImage($"{layout}:v1", "features");
        Assert.True(features.ExitCode == 0, features.Output);
        Assert.Contains("all features ok", features.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_FromAnOciLayout_AndAMissingPlatform_FailsClearly()
    {
        using var dir = new TempDir();
        var marker = dir.Write("marker.txt", "base\n");
        Run.Distill(["pack", marker, "--base", "scratch", "--entrypoint", "/app/marker.txt", "-o", $"oci:{dir["base"]}:b"]).AssertSuccess("pack base");
        var other = dir.Write("other.txt", "app\n");
        Run.Distill(["pack", other, "--base", $"oci:{dir["base"]}:b", "--entrypoint", "/app/other.txt", "-o", $"oci:{dir["out"]}:o"]).AssertSuccess("pack on oci base");
        var wrong = Run.Distill(["pack", other, "--base", $"oci:{dir["base"]}:b", "--platform", "linux/arm64", "--entrypoint", "/app/other.txt", "-o", $"oci:{dir["out2"]}:o"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("linux/arm64", wrong.Stderr, StringComparison.Ordinal);
    }
}
