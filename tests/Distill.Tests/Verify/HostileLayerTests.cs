using Distill.Layers;
using Distill.Oci;
using Distill.Tests.Testing;
using Distill.Verify;

namespace Distill.Tests.Verify;

/// <summary>RELIABILITY §B2: malicious base-image layers, flattened by verify, never reach outside the root.</summary>
public sealed class HostileLayerTests
{
    /// <summary>A raw tar whose entries are written as given (no normalization), as an attacker would.</summary>
    private static BytesLayer Tar(params (string Name, byte Type, string Link, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        var tar = new TarStreamWriter(buffer, 0);
        foreach (var (name, type, link, content) in entries)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            tar.WriteRaw(name, link, type == (byte)'5' ? 0b111_101_101 : 0b110_100_100, 0, 0, bytes.Length, type, new MemoryStream(bytes));
        }
        tar.Finish();
        return new BytesLayer(buffer.ToArray());
    }

    private static async Task<(LayerFlattener Flat, DistillException? Error)> FlattenAsync(TempDir dir, params BytesLayer[] layers)
    {
        var flat = new LayerFlattener(dir["root"]);
        try
        {
            for (var i = 0; i < layers.Length; i++)
            {
                await flat.ApplyAsync(layers[i], i, "hostile image", CancellationToken.None);
            }
            return (flat, null);
        }
        catch (DistillException e)
        {
            return (flat, e);
        }
    }

    [Fact]
    public async Task DotDotEntry_IsRejected_AndNothingIsWrittenOutside()
    {
        using var dir = new TempDir();
        var (_, error) = await FlattenAsync(dir, Tar(("../../escaped", (byte)'0', "", "x")));
        Assert.NotNull(error);
        Assert.Contains("leaves the image root", error!.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["escaped"]));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(dir.Path)!, "escaped")));
    }

    [Fact]
    public async Task SymlinkToOutside_ThenAFileThroughIt_StaysInsideTheRoot()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["outside"]);
        var (flat, error) = await FlattenAsync(dir, Tar(("pwn", (byte)'2', dir["outside"], ""), ("pwn/escaped", (byte)'0', "", "x")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir["outside"]));
        if (error is null)
        {
            // Resolved in-root: the absolute target means <root>/<that path>, never the host's.
            Assert.True(flat.Nodes.ContainsKey("pwn"));
        }
    }

    [Fact]
    public async Task SymlinkNamedDot_CannotReplaceTheRoot()
    {
        using var dir = new TempDir();
        var (flat, error) = await FlattenAsync(dir, Tar((".", (byte)'2', "/tmp", ""), ("a", (byte)'0', "", "inside")));
        Assert.Null(error);
        Assert.Equal(6, new FileInfo(dir["root/a"]).Length); // a placeholder of the right size: verify keeps only contents it reads
        Assert.True(flat.Nodes.ContainsKey("a"));
    }

    [Fact]
    public async Task HardlinkOutOfTheRoot_IsRejected()
    {
        using var dir = new TempDir();
        var (_, error) = await FlattenAsync(dir, Tar(("loot", (byte)'1', "../../../../etc/shadow", "")));
        Assert.NotNull(error);
        Assert.Contains("points outside the image", error!.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["root/loot"]));
    }

    [Fact]
    public async Task AbsoluteSymlinks_AreKeptVerbatim_AndWhiteoutsAndOpaqueDirsApply()
    {
        using var dir = new TempDir();
        var (flat, error) = await FlattenAsync(dir,
            Tar(("bin/", (byte)'5', "", ""), ("bin/busybox", (byte)'0', "", "bb"), ("bin/sh", (byte)'2', "/bin/busybox", ""), ("a/", (byte)'5', "", ""), ("a/old", (byte)'0', "", "1"), ("a/file2", (byte)'0', "", "2")),
            Tar(("a/.wh.file2", (byte)'0', "", ""), ("a/new", (byte)'0', "", "3"), ("a/.wh..wh..opq", (byte)'0', "", "")));
        Assert.Null(error);
        Assert.Equal("/bin/busybox", flat.Nodes["bin/sh"].LinkTarget);
        Assert.True(flat.Nodes.ContainsKey("a/new"));
        Assert.False(flat.Nodes.ContainsKey("a/old"));
        Assert.False(flat.Nodes.ContainsKey("a/file2"));
        Assert.DoesNotContain(flat.Nodes.Keys, k => k.Contains(".wh.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmptyWhiteout_IsAnError()
    {
        using var dir = new TempDir();
        var (_, error) = await FlattenAsync(dir, Tar(("a/.wh.", (byte)'0', "", "")));
        Assert.NotNull(error);
        Assert.Contains("whiteout with an empty name", error!.Message, StringComparison.Ordinal);
    }
}
