using System.Formats.Tar;
using System.Text;
using Distill.Layers;
using Distill.Tests.Testing;

namespace Distill.Tests.Layers;

public sealed class TarStreamWriterTests
{
    private static byte[] WriteTar(long mtime, params LayerEntry[] entries)
    {
        using var buffer = new MemoryStream();
        var tar = new TarStreamWriter(buffer, mtime);
        foreach (var e in new LayerPlan().AddRange(entries).ToOrderedList())
        {
            tar.WriteEntry(e);
        }
        tar.Finish();
        return buffer.ToArray();
    }

    private static List<TarEntry> ReadBack(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        var list = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } e)
        {
            list.Add(e);
        }
        return list;
    }

    [Fact]
    public void Entries_CarryOnlyTheFieldsWeSet()
    {
        var tar = WriteTar(1_700_000_000,
            LayerEntry.FromText("app/hello.txt", "hi"),
            LayerEntry.Symlink("app/link", "hello.txt"),
            LayerEntry.Directory("tmp", (UnixFileMode)0b1_111_111_111),
            LayerEntry.Directory("home/nonroot", (UnixFileMode)0b111_000_000, 65532, 65532));
        var entries = ReadBack(tar);
        Assert.Equal(["app/", "app/hello.txt", "app/link", "home/", "home/nonroot/", "tmp/"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), e.ModificationTime));
        Assert.All(entries, e => Assert.Equal(TarEntryFormat.Ustar, e.Format));
        Assert.All(entries, e => Assert.Empty(((PosixTarEntry)e).UserName));
        var nonroot = entries.Single(e => e.Name == "home/nonroot/");
        Assert.Equal((65532, 65532), (nonroot.Uid, nonroot.Gid));
        Assert.Equal((UnixFileMode)0b111_000_000, nonroot.Mode);
        Assert.Equal((UnixFileMode)0b1_111_111_111, entries.Single(e => e.Name == "tmp/").Mode);
        Assert.Equal("hello.txt", entries.Single(e => e.Name == "app/link").LinkName);
        Assert.Equal(0, tar.Length % 512);
        Assert.True(tar.AsSpan(tar.Length - 1024).IndexOfAnyExcept((byte)0) < 0, "ends with two zero blocks");
    }

    [Fact]
    public void LongAndNonAsciiNames_UsePrefixOrPax_WithAConstantPaxName()
    {
        var split = string.Join('/', Enumerable.Repeat("directory", 12)) + "/file.txt";       // 129 bytes: USTAR prefix
        var pax = string.Join('/', Enumerable.Repeat("d", 10)) + "/" + new string('n', 280); // > 255 bytes
        var unicode = "données/日本語.txt";
        var tar = WriteTar(0, LayerEntry.FromText(split, "1"), LayerEntry.FromText(pax, "2"), LayerEntry.FromText(unicode, "3"),
            LayerEntry.Symlink("link", "/" + new string('t', 150)));
        var names = ReadBack(tar).Where(e => e.EntryType != TarEntryType.Directory).Select(e => e.Name).ToList();
        Assert.Contains(split, names);
        Assert.Contains(pax, names);
        Assert.Contains(unicode, names);
        Assert.Equal("/" + new string('t', 150), ReadBack(tar).Single(e => e.Name == "link").LinkName);
        var raw = Encoding.Latin1.GetString(tar);
        Assert.Contains("PaxHeaders.0/", raw, StringComparison.Ordinal);
        Assert.DoesNotContain($"PaxHeaders.{Environment.ProcessId}", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("atime", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("ctime", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void GnuTar_ListsTheSameNames()
    {
        var gnuTar = Tools.Require("tar");
        using var dir = new TempDir();
        var longName = string.Join('/', Enumerable.Repeat("sub", 40)) + "/é-file";
        File.WriteAllBytes(dir["layer.tar"], WriteTar(0, LayerEntry.FromText(longName, "x"), LayerEntry.FromText("a", "y")));
        var listing = Run.Process(gnuTar, ["-tf", dir["layer.tar"]]).AssertSuccess("tar -t").Stdout;
        Assert.Contains(longName + "\n", listing, StringComparison.Ordinal);
        Assert.StartsWith("a\n", listing, StringComparison.Ordinal);
    }

    private sealed class StopAfterHeader : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("stop: only the header is under test");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void SizesOver8GiB_GoIntoAPaxSizeRecord()
    {
        // RELIABILITY B1-08: an 11-digit octal field holds at most 8 GiB - 1.
        using var buffer = new MemoryStream();
        var tar = new TarStreamWriter(buffer, 0);
        const long size = 9L * 1024 * 1024 * 1024;
        Assert.Throws<DistillException>(() => tar.WriteRaw("big.bin", "", 0b110_100_100, 0, 0, size, (byte)'0', new StopAfterHeader()));
        var raw = Encoding.ASCII.GetString(buffer.ToArray());
        Assert.Contains($"size={size}\n", raw, StringComparison.Ordinal);
        Assert.Contains("PaxHeaders.0/big.bin", raw, StringComparison.Ordinal);
        Assert.Equal("77777777777", raw.Substring(1024 + 124, 11)); // the USTAR field saturates; readers take the PAX value
    }

    [Fact]
    public void AFileThatChangesSize_FailsInsteadOfWritingACorruptTar()
    {
        using var dir = new TempDir();
        var path = dir.Write("f", "12345");
        var entry = LayerEntry.FromFile("f", path, LayerEntry.RegularMode, size: 10);
        var e = Assert.Throws<DistillException>(() => WriteTar(0, entry));
        Assert.Contains("shrank", e.Message, StringComparison.Ordinal);
        var grown = LayerEntry.FromFile("f", path, LayerEntry.RegularMode, size: 2);
        Assert.Contains("grew", Assert.Throws<DistillException>(() => WriteTar(0, grown)).Message, StringComparison.Ordinal);
    }
}
