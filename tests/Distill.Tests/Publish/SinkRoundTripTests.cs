using Distill.Images;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;
using Distill.Tests.Testing;

namespace Distill.Tests.Publish;

/// <summary>Every sink: write an image, read it back through the matching source, re-verify every digest.</summary>
public sealed class SinkRoundTripTests
{
    internal static async Task<ImageArtifact> RandomImageAsync(BlobStore store, int layers = 2, int seed = 1)
    {
        var image = ImageAssembler.Scratch(Platform.LinuxAmd64, DateTimeOffset.UnixEpoch);
        var random = new Random(seed);
        for (var i = 0; i < layers; i++)
        {
            var bytes = new byte[10_000 + random.Next(200_000)];
            random.NextBytes(bytes);
            var plan = new LayerPlan().Add(LayerEntry.FromBytes($"layer{i}/data.bin", bytes)).Add(LayerEntry.FromText($"layer{i}/note", $"layer {i}"));
            var layer = await LayerWriter.WriteAsync(plan, new LayerOptions(), store, CancellationToken.None);
            image = ImageAssembler.Append(image, layer, new HistoryEntry { CreatedBy = $"layer {i}" });
        }
        image = ImageAssembler.WithConfig(image, c => c with { Entrypoint = ["/layer0/data.bin"], User = "65532" });
        return ImageSerializer.Serialize(image);
    }

    internal static async Task AssertSameImageAsync(Artifact expected, Artifact actual)
    {
        Assert.Equal(expected.Root.Digest, actual.Root.Digest);
        Assert.Equal(expected.RootJson.ToArray(), actual.RootJson.ToArray());
        Assert.Equal(expected.Images.Count, actual.Images.Count);
        foreach (var (want, got) in expected.Images.Zip(actual.Images))
        {
            Assert.Equal(want.ConfigJson.ToArray(), got.ConfigJson.ToArray());
            Assert.Equal(want.Layers.Select(l => l.DiffId), got.Layers.Select(l => l.DiffId));
            foreach (var layer in got.Layers)
            {
                // Reading through the source's verifying stream re-checks digest and size.
                await using var s = await layer.OpenBlobAsync(CancellationToken.None);
                Assert.Equal(layer.Descriptor.Digest, await Digest.Sha256Async(s, CancellationToken.None));
            }
        }
    }

    [Theory]
    [InlineData("oci:{0}/layout:v1")]
    [InlineData("oci-archive:{0}/image.tar:v1")]
    [InlineData("docker-archive:{0}/docker.tar:example/app:v1")]
    public async Task Image_RoundTripsThroughEverySink(string pattern)
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir["cache"]);
        var image = await RandomImageAsync(store);
        var location = ImageLocation.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, dir.Path));
        var result = await Transports.CreateSink(location).WriteAsync(image, CancellationToken.None);
        Assert.Equal(image.Manifest.Digest, result.Digest);
        var back = await Transports.CreateSource(location).ReadAsync(CancellationToken.None);
        await AssertSameImageAsync(image, back);
    }

    [Fact]
    public async Task Index_RoundTripsThroughEverySink()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir["cache"]);
        var amd = await RandomImageAsync(store, seed: 1);
        var arm = (await RandomImageAsync(store, seed: 2)) with { Platform = new Platform("linux", "arm64") };
        var index = ImageSerializer.SerializeIndex([amd, arm]);
        foreach (var text in new[] { $"oci:{dir["layout"]}:multi", $"oci-archive:{dir["a.tar"]}:multi", $"docker-archive:{dir["d.tar"]}:multi/app:v1" })
        {
            var location = ImageLocation.Parse(text);
            await Transports.CreateSink(location).WriteAsync(index, CancellationToken.None);
            var back = await Transports.CreateSource(location).ReadAsync(CancellationToken.None);
            Assert.IsType<IndexArtifact>(back);
            await AssertSameImageAsync(index, back);
            Assert.Equal(["linux/amd64", "linux/arm64"], back.Images.Select(i => i.Platform.ToString()));
        }
    }

    [Fact]
    public async Task Layout_KeepsOtherTags_AndSkopeoReadsEach()
    {
        var skopeo = Tools.Require("skopeo");
        using var dir = new TempDir();
        var store = new BlobStore(dir["cache"]);
        var first = await RandomImageAsync(store, seed: 1);
        var second = await RandomImageAsync(store, seed: 2);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["layout"]}:one")).WriteAsync(first, CancellationToken.None);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["layout"]}:two")).WriteAsync(second, CancellationToken.None);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["layout"]}:one")).WriteAsync(first, CancellationToken.None);
        var index = ImageIndex.Parse(File.ReadAllBytes(dir["layout/index.json"]));
        Assert.Equal(["two", "one"], index.Manifests.Select(m => m.RefName));
        foreach (var (tag, image) in new[] { ("one", first), ("two", second) })
        {
            var raw = Run.Process(skopeo, ["inspect", "--raw", $"oci:{dir["layout"]}:{tag}"]).AssertSuccess("skopeo inspect").Stdout;
            Assert.Equal(System.Text.Encoding.UTF8.GetString(image.ManifestJson.Span), raw);
        }
    }

    [Fact]
    public async Task DockerArchive_LoadsInSkopeo_WithItsTag()
    {
        var skopeo = Tools.Require("skopeo");
        using var dir = new TempDir();
        var image = await RandomImageAsync(new BlobStore(dir["cache"]));
        await new DockerArchiveSink(ImageLocation.Parse($"docker-archive:{dir["d.tar"]}:example/app:v1")).WriteAsync(image, CancellationToken.None);
        // skopeo finds the image by the name:tag in manifest.json and copies it into a layout.
        Run.Process(skopeo, ["copy", $"docker-archive:{dir["d.tar"]}:example/app:v1", $"oci:{dir["copy"]}:x"]).AssertSuccess("skopeo copy");
        var config = Run.Process(skopeo, ["inspect", "--config", "--raw", $"oci:{dir["copy"]}:x"]).AssertSuccess("skopeo inspect").Stdout;
        Assert.Equal(System.Text.Encoding.UTF8.GetString(image.ConfigJson.Span), config);
    }
}
