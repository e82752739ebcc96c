using System.Text;
using Distill.Oci;

namespace Distill.Tests.Oci;

public sealed class ManifestTests
{
    private static readonly Digest A = Digest.Sha256("a"u8);
    private static readonly Digest B = Digest.Sha256("b"u8);

    [Fact]
    public void Manifest_RoundTripsToTheSameBytes()
    {
        var manifest = new ImageManifest(MediaTypes.OciManifest, new Descriptor(MediaTypes.OciConfig, A, 10),
            [new Descriptor(MediaTypes.OciLayerGzip, B, 20)])
        {
            Annotations = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" },
        };
        var json = manifest.ToJson();
        Assert.StartsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Contains("\"annotations\":{\"a\":\"2\",\"z\":\"1\"}", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(json, ImageManifest.Parse(json).ToJson());
    }

    [Theory]
    [InlineData("{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":{},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[],\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:../../x\",\"size\":1},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":-1},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2} trailing")]
    [InlineData("[1,2]")]
    public void Manifest_Malformed_IsRejected(string json) =>
        Assert.Throws<FormatException>(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Manifest_MediaTypeDifferentFromDeclared_IsRejected()
    {
        var json = new ImageManifest(MediaTypes.OciManifest, new Descriptor(MediaTypes.OciConfig, A, 1), []).ToJson();
        Assert.Throws<FormatException>(() => ImageManifest.Parse(json, MediaTypes.DockerManifest));
    }

    [Fact]
    public void Index_WithLayers_IsRejected() =>
        Assert.Throws<FormatException>(() => ImageIndex.Parse("{\"schemaVersion\":2,\"manifests\":[],\"layers\":[]}"u8.ToArray()));

    [Fact]
    public void Index_RoundTripsPlatforms()
    {
        var index = new ImageIndex(MediaTypes.OciIndex,
        [
            new Descriptor(MediaTypes.OciManifest, A, 1) { Platform = new Platform("linux", "arm", "v7") },
            new Descriptor(MediaTypes.OciManifest, B, 2) { Platform = Platform.LinuxAmd64 },
        ]);
        var parsed = ImageIndex.Parse(index.ToJson());
        Assert.Equal("linux/arm/v7", parsed.Manifests[0].Platform!.ToString());
        Assert.Equal(index.ToJson(), parsed.ToJson());
    }

    [Fact]
    public void Config_PreservesUnknownMembers_AndRewritesKnownOnes()
    {
        var json = "{\"architecture\":\"arm64\",\"os\":\"linux\",\"zz-vendor\":{\"x\":[1,2]},\"config\":{\"User\":\"1\",\"Healthcheck\":{\"Test\":[\"NONE\"]}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        var config = ImageConfig.Parse(Encoding.UTF8.GetBytes(json));
        var rewritten = Encoding.UTF8.GetString((config with { Config = config.Config with { User = "65532" } }).ToJson());
        Assert.Contains("\"zz-vendor\":{\"x\":[1,2]}", rewritten, StringComparison.Ordinal);
        Assert.Contains("\"Healthcheck\":{\"Test\":[\"NONE\"]}", rewritten, StringComparison.Ordinal);
        Assert.Contains("\"User\":\"65532\"", rewritten, StringComparison.Ordinal);
        Assert.Equal("linux/arm64", config.Platform.ToString());
    }

    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    public void Platform_ParsesAndNormalizes(string text, string expected) => Assert.Equal(expected, Platform.Parse(text).ToString());

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("a/b/c/d")]
    public void Platform_Malformed_IsAUsageError(string text) =>
        Assert.Equal(ErrorCode.Usage, Assert.Throws<DistillException>(() => Platform.Parse(text)).Code);
}
