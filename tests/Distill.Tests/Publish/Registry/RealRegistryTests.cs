using Distill.Images;
using Distill.Oci;
using Distill.Publish;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>One anonymous docker-registry for the tests of a class.</summary>
public sealed class PlainRegistryFixture : IAsyncLifetime
{
    internal RegistryServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await RegistryServer.StartAsync(RegistryAuthMode.None);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Push, pull and copy against the real CNCF registry, with skopeo as the independent oracle (RELIABILITY A.5).</summary>
public sealed class RealRegistryTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private string Host => fixture.Server.Host;

    [Fact]
    public async Task Push_SkopeoReadsTheSameDigest_AndCopiesIt()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path);
        var result = await PushAsync(image, $"{Host}/push/app:v1", Options());

        Assert.Equal(image.Manifest.Digest, result.Digest);
        Assert.Equal($"{Host}/push/app@{image.Manifest.Digest}", result.PinnedReference);
        Assert.Equal(image.Manifest.Digest.ToString(), SkopeoRawDigest($"{Host}/push/app:v1", "--tls-verify=false"));
        var skopeo = Tools.Require("skopeo");
        Run.Process(skopeo, ["copy", "--src-tls-verify=false", $"docker://{Host}/push/app:v1", $"oci:{dir["copied"]}:v1"]).AssertSuccess("skopeo copy");
        var copied = await new OciLayoutSource(ImageLocation.Parse($"oci:{dir["copied"]}:v1")).ReadAsync(Ct);
        Assert.Equal(image.Manifest.Digest, copied.Root.Digest);
    }

    [Fact]
    public async Task Pull_WhatSkopeoPushed_KeepsTheDigest_AndVerifiesEveryLayer()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, seed: 3);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["layout"]}:src")).WriteAsync(image, Ct);
        var skopeo = Tools.Require("skopeo");
        Run.Process(skopeo, ["copy", "--dest-tls-verify=false", $"oci:{dir["layout"]}:src", $"docker://{Host}/pulled/app:src"]).AssertSuccess("skopeo copy");

        var pulled = Assert.IsType<ImageArtifact>(await PullAsync($"{Host}/pulled/app:src", Options()));
        Assert.Equal(image.Manifest.Digest, pulled.Manifest.Digest);
        Assert.Equal(image.Layers.Select(l => l.DiffId), pulled.Layers.Select(l => l.DiffId));
        foreach (var layer in pulled.Layers)
        {
            await using var stream = await layer.OpenBlobAsync(Ct);
            Assert.Equal(layer.Descriptor.Digest, await Digest.Sha256Async(stream, Ct));
        }
        // Pinned by digest works too, and the Docker normalization keeps the host.
        var byDigest = await PullAsync($"{Host}/pulled/app@{image.Manifest.Digest}", Options());
        Assert.Equal(image.Manifest.Digest, byDigest.Root.Digest);
    }

    [Fact]
    public async Task SecondPush_UploadsNoBlob()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 3, seed: 5);
        var first = new CountingHandler(NetworkHandler());
        await PushAsync(image, $"{Host}/twice/app:1", Options(first));
        Assert.Equal(4, first.Count(HttpMethod.Put, "/blobs/uploads/"));

        var second = new CountingHandler(NetworkHandler());
        await PushAsync(image, $"{Host}/twice/app:1", Options(second));
        Assert.Equal(0, second.Count(HttpMethod.Post, "/blobs/uploads/"));
        Assert.Equal(0, second.Count(HttpMethod.Put, "/blobs/uploads/"));
        Assert.Equal(0, second.Count(HttpMethod.Patch, "/blobs/uploads/"));
    }

    [Fact]
    public async Task InterruptedPush_RerunSkipsTheBlobsAlreadyThere()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 2, seed: 6);
        // A first run that dies after one layer: push that layer alone.
        using (var client = new Distill.Publish.Registry.RegistryClient(Host, Options()))
        {
            var layer = image.Layers[0];
            await client.UploadBlobAsync("resume/app", new BlobSource(layer.Descriptor, layer.OpenBlobAsync), null, Ct);
        }
        var counting = new CountingHandler(NetworkHandler());
        await PushAsync(image, $"{Host}/resume/app:1", Options(counting));
        Assert.Equal(2, counting.Count(HttpMethod.Put, "/blobs/uploads/"));
        Assert.Equal(image.Manifest.Digest.ToString(), SkopeoRawDigest($"{Host}/resume/app:1", "--tls-verify=false"));
    }

    [Fact]
    public async Task ChunkedUpload_ToTheRealRegistry_Works()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, layerBytes: 300_000, seed: 7);
        var counting = new CountingHandler(NetworkHandler());
        await PushAsync(image, $"{Host}/chunked/app:1", Options(counting) with { ChunkSize = 64 * 1024 });
        Assert.True(counting.Count(HttpMethod.Patch, "/blobs/uploads/") >= 4);
        Assert.Equal(image.Manifest.Digest.ToString(), SkopeoRawDigest($"{Host}/chunked/app:1", "--tls-verify=false"));
    }

    [Fact]
    public async Task CopyBetweenRepositories_MountsInsteadOfUploading()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 2, seed: 8);
        await PushAsync(image, $"{Host}/mount/src:1", Options());
        var pulled = await PullAsync($"{Host}/mount/src:1", Options());
        var counting = new CountingHandler(NetworkHandler());
        await PushAsync(pulled, $"{Host}/mount/dest:1", Options(counting));
        Assert.Equal(2, counting.Count(HttpMethod.Post, "mount="));
        Assert.Equal(0, counting.Count(HttpMethod.Get, "/blobs/sha256:"));
        Assert.Equal(image.Manifest.Digest.ToString(), SkopeoRawDigest($"{Host}/mount/dest:1", "--tls-verify=false"));
    }

    [Fact]
    public async Task MultiArchIndex_RoundTripsThroughRegistryLayoutAndArchives()
    {
        using var dir = new TempDir();
        var index = await TestImages.CreateIndexAsync(dir.Path);
        await PushAsync(index, $"{Host}/multi/app:1", Options());
        Assert.Equal(index.Index.Digest.ToString(), SkopeoRawDigest($"{Host}/multi/app:1", "--tls-verify=false"));

        var pulled = Assert.IsType<IndexArtifact>(await PullAsync($"{Host}/multi/app:1", Options()));
        Assert.Equal(index.Index.Digest, pulled.Index.Digest);
        Assert.Equal(["linux/amd64", "linux/arm64"], pulled.Children.Select(c => c.Platform.ToString()));

        await new OciArchiveSink(ImageLocation.Parse($"oci-archive:{dir["multi.tar"]}:1")).WriteAsync(pulled, Ct);
        var fromArchive = await new OciArchiveSource(ImageLocation.Parse($"oci-archive:{dir["multi.tar"]}:1")).ReadAsync(Ct);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["layout"]}:1")).WriteAsync(fromArchive, Ct);
        var fromLayout = await new OciLayoutSource(ImageLocation.Parse($"oci:{dir["layout"]}:1")).ReadAsync(Ct);
        await PushAsync(fromLayout, $"{Host}/multi/again:1", Options());
        Assert.Equal(index.Index.Digest.ToString(), SkopeoRawDigest($"{Host}/multi/again:1", "--tls-verify=false"));
    }

    [Fact]
    public async Task PullWithCache_StoresVerifiedLayers_AndReadsThemBack()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, seed: 9);
        await PushAsync(image, $"{Host}/cached/app:1", Options());
        var cache = new Distill.Layers.BlobStore(dir["cache"]);
        var pulled = await PullAsync($"{Host}/cached/app:1", Options() with { Cache = cache });
        var layer = pulled.Images[0].Layers[0];
        await using (var s = await layer.OpenBlobAsync(Ct))
        {
            Assert.Equal(layer.Descriptor.Digest, await Digest.Sha256Async(s, Ct));
        }
        Assert.True(cache.Contains(layer.Descriptor.Digest));

        // A corrupted cache entry is detected on read and removed.
        await File.WriteAllBytesAsync(cache.PathOf(layer.Descriptor.Digest), new byte[layer.Descriptor.Size], Ct);
        var error = await Assert.ThrowsAsync<DistillException>(async () =>
        {
            await using var s = await layer.OpenBlobAsync(Ct);
            await s.CopyToAsync(Stream.Null, Ct);
        });
        Assert.Equal(ErrorCode.DigestMismatch, error.Code);
        Assert.False(cache.Contains(layer.Descriptor.Digest));
    }

    [Fact]
    public async Task LargeManifest_NearTheSpecsFourMegabytes_RoundTrips()
    {
        using var dir = new TempDir();
        var small = await TestImages.CreateAsync(dir.Path, layers: 1, seed: 10);
        // 390 annotations of 10,000 bytes (the conformance suite's "large manifest", about 3.9 MB).
        var annotations = Enumerable.Range(0, 390).ToDictionary(i => $"org.example.a{i:D3}", _ => new string('x', 10_000));
        var layer = small.Layers[0];
        var image = ImageAssembler.WithAnnotations(
            ImageAssembler.Append(ImageAssembler.Scratch(Platform.LinuxAmd64, DateTimeOffset.UnixEpoch), layer, new HistoryEntry()),
            new SortedDictionary<string, string>(annotations, Utf8Ordinal.Instance));
        var artifact = ImageSerializer.Serialize(image);
        Assert.InRange(artifact.Manifest.Size, 3_900_000, 4_000_000);
        await PushAsync(artifact, $"{Host}/large/app:1", Options());
        var pulled = await PullAsync($"{Host}/large/app:1", Options());
        Assert.Equal(artifact.Manifest.Digest, pulled.Root.Digest);
    }
}
