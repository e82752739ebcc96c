using Distill.Layers;
using Distill.Oci;
using Distill.Tests.Testing;
using Distill.Verify;

namespace Distill.Tests.Verify;

/// <summary>RELIABILITY B2-18/B1-20: mutated layer tars flatten or fail with DistillException, and never write outside the root.</summary>
public sealed class LayerFlattenerPropertyTests
{
    private static byte[] SampleTar()
    {
        var plan = new LayerPlan()
            .Add(LayerEntry.FromText("etc/passwd", "root:x:0:0::/root:/sbin/nologin\n"))
            .Add(LayerEntry.FromText("app/" + new string('n', 120) + "/long.txt", "long"))
            .Add(LayerEntry.Symlink("app/link", "/etc/passwd"))
            .Add(LayerEntry.FromText("app/data", new string('x', 3000)))
            .Add(LayerEntry.Hardlink("app/hard", "app/data"))
            .Add(LayerEntry.FromBytes("app/.wh.gone", Array.Empty<byte>()))
            .Add(LayerEntry.Directory("tmp", (UnixFileMode)0b1_111_111_111));
        using var buffer = new MemoryStream();
        LayerWriter.WriteTar(plan.ToOrderedList(), new LayerOptions { Compression = Compression.None }, buffer, CancellationToken.None);
        return buffer.ToArray();
    }

    [Fact]
    public async Task MutatedTars_FlattenOrFailCleanly_InsideTheRoot()
    {
        var valid = SampleTar();
        var random = new Random(42);
        using var dir = new TempDir();
        var sentinel = dir.Write("outside/sentinel", "untouched");
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var e = 0; e < 1 + random.Next(6); e++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            if (random.Next(4) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            var root = dir[$"roots/{i}"];
            try
            {
                await new LayerFlattener(root).ApplyAsync(new BytesLayer(bytes), 0, "mutated layer", CancellationToken.None);
            }
            catch (DistillException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutation {i}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.Equal("untouched", File.ReadAllText(sentinel));
        Assert.Equal(["sentinel"], Directory.EnumerateFileSystemEntries(dir["outside"]).Select(Path.GetFileName));
        Assert.Equal(["outside", "roots"], Directory.EnumerateDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
