using System.IO.Compression;
using System.Security.Cryptography;
using Distill.Layers;
using Distill.Oci;
using Distill.Tests.Testing;

namespace Distill.Tests.Layers;

public sealed class ParallelGzipTests
{
    private static (byte[] Blob, LayerDigests Digests) Compress(byte[] data, Compression compression, int parallelism)
    {
        using var output = new MemoryStream();
        LayerDigests digests;
        using (var blob = new LayerBlobStream(output, compression, compression == Compression.Zstd ? 3 : 6, parallelism))
        {
            // Uneven writes cross chunk boundaries.
            for (var i = 0; i < data.Length; i += 77_777)
            {
                blob.Write(data, i, Math.Min(77_777, data.Length - i));
            }
            digests = blob.Complete();
        }
        return (output.ToArray(), digests);
    }

    private static byte[] SampleData()
    {
        // Mixed content: compressible text and random bytes, 3.5 chunks long.
        var data = new byte[(LayerBlobStream.ChunkSize * 7) / 2];
        new Random(42).NextBytes(data.AsSpan(0, data.Length / 3));
        for (var i = data.Length / 3; i < data.Length; i++)
        {
            data[i] = (byte)("distill layer "[i % 14]);
        }
        return data;
    }

    [Fact]
    public void Gzip_DecompressesToTheInput_WithDotNetAndGzipAndPigz()
    {
        var data = SampleData();
        var (blob, digests) = Compress(data, Compression.Gzip, Environment.ProcessorCount);
        using (var gz = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress))
        using (var plain = new MemoryStream())
        {
            gz.CopyTo(plain);
            Assert.Equal(data, plain.ToArray());
        }
        Assert.Equal(Digest.Sha256(data), digests.DiffId);
        Assert.Equal(Digest.Sha256(blob), digests.Digest);
        Assert.Equal(blob.Length, digests.Size);
        using var dir = new TempDir();
        File.WriteAllBytes(dir["blob.gz"], blob);
        foreach (var tool in new[] { "gzip", "pigz" })
        {
            var path = Tools.Require(tool);
            Run.Process(path, ["-t", dir["blob.gz"]]).AssertSuccess(tool + " -t");
        }
        var sha = Run.Process("/bin/sh", ["-c", $"gzip -dc '{dir["blob.gz"]}' | sha256sum"]).AssertSuccess("gzip -dc").Stdout;
        Assert.StartsWith(digests.DiffId.Hex, sha, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_Bytes_DoNotDependOnTheNumberOfThreads()
    {
        var data = SampleData();
        var one = Compress(data, Compression.Gzip, 1).Blob;
        var many = Compress(data, Compression.Gzip, 8).Blob;
        Assert.Equal(SHA256.HashData(one), SHA256.HashData(many));
    }

    [Fact]
    public void Gzip_HeaderHasNoNameNoTimeAndAFixedOs()
    {
        var blob = Compress([1, 2, 3], Compression.Gzip, 1).Blob;
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }, blob[..10]);
    }

    [Fact]
    public void Zstd_AndNone_RoundTrip()
    {
        var data = SampleData();
        var (zstd, zd) = Compress(data, Compression.Zstd, 2);
        using (var d = new ZstdSharp.DecompressionStream(new MemoryStream(zstd)))
        using (var plain = new MemoryStream())
        {
            d.CopyTo(plain);
            Assert.Equal(data, plain.ToArray());
        }
        Assert.Equal(Digest.Sha256(data), zd.DiffId);
        var (none, nd) = Compress(data, Compression.None, 2);
        Assert.Equal(data, none);
        Assert.Equal(nd.DiffId, nd.Digest);
    }
}
