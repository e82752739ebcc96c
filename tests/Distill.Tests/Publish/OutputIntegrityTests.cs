using Distill.Images;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;
using Distill.Tests.Testing;

namespace Distill.Tests.Publish;

/// <summary>RELIABILITY §B5: a failure midway leaves the previous output intact and no partial file under a final name.</summary>
public sealed class OutputIntegrityTests
{
    /// <summary>A layer whose blob stream breaks after some bytes: an injected fault, like a disk or network failure.</summary>
    private sealed record BreakingLayer(Descriptor Descriptor, Digest DiffId, long BreakAfter) : ILayer
    {
        public ValueTask<Stream> OpenBlobAsync(CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(new BreakingStream(BreakAfter));
    }

    private sealed class BreakingStream(long breakAfter) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= breakAfter) throw new IOException("injected failure: device error");
            var n = (int)Math.Min(count, breakAfter - _read);
            Array.Fill(buffer, (byte)7, offset, n);
            _read += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static ImageArtifact Breaking(long size = 5_000_000)
    {
        var layer = new BreakingLayer(new Descriptor(MediaTypes.OciLayerGzip, Digest.Sha256("x"u8), size), Digest.Sha256("y"u8), size / 2);
        var image = ImageAssembler.Append(ImageAssembler.Scratch(Platform.LinuxAmd64, DateTimeOffset.UnixEpoch), layer, new HistoryEntry());
        return ImageSerializer.Serialize(image);
    }

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public async Task Layout_FailingMidway_KeepsThePreviousIndexAndNoPartialBlob()
    {
        using var dir = new TempDir();
        var good = await SinkRoundTripTests.RandomImageAsync(new BlobStore(dir["cache"]));
        var location = ImageLocation.Parse($"oci:{dir["layout"]}:v1");
        await new OciLayoutSink(location).WriteAsync(good, CancellationToken.None);
        var before = Snapshot(dir["layout"]);

        await Assert.ThrowsAnyAsync<Exception>(() => new OciLayoutSink(location).WriteAsync(Breaking(), CancellationToken.None));

        // Old files unchanged; anything new under blobs/ is a complete blob whose bytes hash to its name.
        var after = Snapshot(dir["layout"]);
        foreach (var (path, hash) in before)
        {
            Assert.Equal(hash, after[path]);
        }
        foreach (var path in after.Keys.Except(before.Keys))
        {
            Assert.StartsWith("blobs/sha256/", path, StringComparison.Ordinal);
            Assert.Equal(Path.GetFileName(path), after[path].ToLowerInvariant());
        }
        var back = await new OciLayoutSource(location).ReadAsync(CancellationToken.None);
        Assert.Equal(good.Manifest.Digest, back.Root.Digest);
    }

    [Theory]
    [InlineData("oci-archive")]
    [InlineData("docker-archive")]
    public async Task Archive_FailingMidway_KeepsThePreviousArchive(string transport)
    {
        using var dir = new TempDir();
        var good = await SinkRoundTripTests.RandomImageAsync(new BlobStore(dir["cache"]));
        var location = ImageLocation.Parse($"{transport}:{dir["image.tar"]}");
        await Transports.CreateSink(location).WriteAsync(good, CancellationToken.None);
        var before = File.ReadAllBytes(dir["image.tar"]);

        await Assert.ThrowsAnyAsync<Exception>(() => Transports.CreateSink(location).WriteAsync(Breaking(), CancellationToken.None));

        Assert.Equal(before, File.ReadAllBytes(dir["image.tar"]));
        Assert.Equal(["image.tar"], Directory.EnumerateFileSystemEntries(dir.Path, "*.tar*").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Layout_BlobWithWrongContent_IsRewrittenNotTrusted()
    {
        using var dir = new TempDir();
        var image = await SinkRoundTripTests.RandomImageAsync(new BlobStore(dir["cache"]));
        var location = ImageLocation.Parse($"oci:{dir["layout"]}:v1");
        await new OciLayoutSink(location).WriteAsync(image, CancellationToken.None);
        var layerPath = dir[$"layout/blobs/sha256/{image.Layers[0].Descriptor.Digest.Hex}"];
        var bytes = File.ReadAllBytes(layerPath);
        bytes[^1] ^= 0xff; // same size, wrong content: a partial earlier run (B5-03)
        File.WriteAllBytes(layerPath, bytes);

        await new OciLayoutSink(location).WriteAsync(image, CancellationToken.None);

        Assert.Equal(image.Layers[0].Descriptor.Digest, Digest.Sha256(File.ReadAllBytes(layerPath)));
    }

    [Fact]
    public async Task LayoutSource_RefusesABlobThatIsASymlink()
    {
        using var dir = new TempDir();
        var image = await SinkRoundTripTests.RandomImageAsync(new BlobStore(dir["cache"]));
        var location = ImageLocation.Parse($"oci:{dir["layout"]}:v1");
        await new OciLayoutSink(location).WriteAsync(image, CancellationToken.None);
        var config = dir[$"layout/blobs/sha256/{image.Config.Digest.Hex}"];
        File.Move(config, dir["elsewhere"]);
        File.CreateSymbolicLink(config, dir["elsewhere"]);
        var e = await Assert.ThrowsAsync<DistillException>(() => new OciLayoutSource(location).ReadAsync(CancellationToken.None));
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LayoutSource_DetectsATamperedLayer()
    {
        using var dir = new TempDir();
        var image = await SinkRoundTripTests.RandomImageAsync(new BlobStore(dir["cache"]));
        var location = ImageLocation.Parse($"oci:{dir["layout"]}:v1");
        await new OciLayoutSink(location).WriteAsync(image, CancellationToken.None);
        var layerPath = dir[$"layout/blobs/sha256/{image.Layers[1].Descriptor.Digest.Hex}"];
        var bytes = File.ReadAllBytes(layerPath);
        bytes[100] ^= 1;
        File.WriteAllBytes(layerPath, bytes);
        var back = await new OciLayoutSource(location).ReadAsync(CancellationToken.None);
        await using var s = await back.Images[0].Layers[1].OpenBlobAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<DistillException>(() => s.CopyToAsync(Stream.Null));
        Assert.Equal(ErrorCode.DigestMismatch, e.Code);
    }
}
