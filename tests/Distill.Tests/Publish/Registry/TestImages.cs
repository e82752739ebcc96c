using Distill.Images;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Tests.Publish.Registry;

/// <summary>Small real images (deterministic tar+gzip layers written by Distill) for registry tests.</summary>
internal static class TestImages
{
    /// <summary>An image with <paramref name="layers"/> layers of random content of about <paramref name="layerBytes"/> each.</summary>
    public static async Task<ImageArtifact> CreateAsync(string directory, int layers = 2, int layerBytes = 4096, int seed = 1, Platform? platform = null)
    {
        var store = new BlobStore(Path.Combine(directory, "store"));
        IImage image = ImageAssembler.Scratch(platform ?? Platform.LinuxAmd64, DateTimeOffset.UnixEpoch);
        var random = new Random(seed);
        for (var i = 0; i < layers; i++)
        {
            var content = new byte[layerBytes];
            random.NextBytes(content);
            var plan = new LayerPlan().Add(LayerEntry.FromBytes($"data/layer{i}-{seed}.bin", content));
            var layer = await LayerWriter.WriteAsync(plan, new LayerOptions { UseCache = false, Parallelism = 1 }, store, TestContext.Current.CancellationToken);
            image = ImageAssembler.Append(image, layer, new HistoryEntry { CreatedBy = $"test layer {i}" });
        }
        image = ImageAssembler.WithConfig(image, c => c with { Entrypoint = ["/data/run"], Env = ["PATH=/usr/bin"] });
        return ImageSerializer.Serialize(image);
    }

    /// <summary>A two-platform index.</summary>
    public static async Task<IndexArtifact> CreateIndexAsync(string directory)
    {
        var amd = await CreateAsync(Path.Combine(directory, "amd64"), layers: 1, seed: 11, platform: Platform.LinuxAmd64);
        var arm = await CreateAsync(Path.Combine(directory, "arm64"), layers: 1, seed: 12, platform: new Platform("linux", "arm64"));
        return ImageSerializer.SerializeIndex([amd, arm]);
    }
}
