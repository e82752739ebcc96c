using System.Formats.Tar;
using Distill;
using Distill.Base.Debian;
using Xunit;
using static Distill.Tests.Base.Debian.DebBuilder;

using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

public sealed class DebArchiveTests : IDisposable
{
    private readonly TempDir _dir = new TempDir();
    private readonly DebContentStore _store = new();

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private Task<DebPackageContents> ReadAsync(byte[] deb, DebLimits? limits = null) =>
        DebArchive.ReadAsync(Write(_dir.Path, "t.deb", deb), _store, limits, TestContext.Current.CancellationToken);

    private async Task<DistillException> RejectsAsync(byte[] deb, DebLimits? limits = null) =>
        await Assert.ThrowsAsync<DistillException>(() => ReadAsync(deb, limits));

    [Theory]
    [InlineData("gzip")]
    [InlineData("xz")]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task Reads_what_dpkg_deb_builds_in_every_compression(string compression)
    {
        var dpkgDeb = Tools.Require("dpkg-deb");
        var root = _dir["pkg"];
        Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
        File.WriteAllText(Path.Combine(root, "DEBIAN", "control"), Control("sample"));
        var longDir = Path.Combine(root, "usr", "share", new string('d', 90), new string('e', 90));
        Directory.CreateDirectory(longDir);
        File.WriteAllText(Path.Combine(longDir, "file-with-a-long-name.txt"), "long");
        Directory.CreateDirectory(Path.Combine(root, "usr", "bin"));
        File.WriteAllText(Path.Combine(root, "usr", "bin", "tool"), "#!binary");
        DebianTools.RunOk("chmod", ["0755", Path.Combine(root, "usr", "bin", "tool")]);
        File.CreateSymbolicLink(Path.Combine(root, "usr", "bin", "abs"), "/usr/bin/tool");
        DebianTools.RunOk("ln", [Path.Combine(root, "usr", "bin", "tool"), Path.Combine(root, "usr", "bin", "tool2")]);
        var deb = _dir[$"sample-{compression}.deb"];
        DebianTools.RunOk(dpkgDeb, ["--root-owner-group", $"-Z{compression}", "--build", root, deb]);

        var contents = await DebArchive.ReadAsync(deb, _store, null, TestContext.Current.CancellationToken);

        Assert.Equal("sample", contents.Name);
        Assert.Equal("1.0", contents.Version);
        var listed = DebianTools.RunOk(dpkgDeb, ["-c", deb]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[(l.IndexOf("./", StringComparison.Ordinal) + 2)..].Split(" -> ")[0].Split(" link to ")[0].TrimEnd('/'))
            .Where(p => p.Length > 0).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(listed, contents.Entries.Select(e => e.Path).Order(StringComparer.Ordinal).ToList());
        var abs = Assert.Single(contents.Entries, e => e.Path == "usr/bin/abs");
        Assert.Equal(DebEntryType.Symlink, abs.Type);
        Assert.Equal("/usr/bin/tool", abs.LinkTarget);
        var tool = Assert.Single(contents.Entries, e => e.Path == "usr/bin/tool");
        Assert.Equal(0x1ED, tool.Mode);
        Assert.Equal("#!binary", File.ReadAllText(tool.Content!.FilePath));
        var hard = Assert.Single(contents.Entries, e => e.Path == "usr/bin/tool2");
        Assert.Equal(DebEntryType.HardLink, hard.Type);
        Assert.Equal(tool.Content, hard.Content);
        Assert.Contains(contents.Entries, e => e.Path.EndsWith("/file-with-a-long-name.txt", StringComparison.Ordinal) && e.Path.Length > 200);
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.Ustar)]
    public async Task Reads_every_tar_flavour_and_normalizes_absolute_and_dotted_names(TarEntryFormat format)
    {
        var longName = "./usr/share/" + new string('p', 150) + "/x";
        var contents = await ReadAsync(Deb(Control("flavours"), TarGz(w =>
        {
            AddDir(w, "./", format);
            AddDir(w, "./usr/", format);
            AddFile(w, "/etc/absolute", "a", format);
            AddFile(w, "usr//./dotted", "b", format);
            if (format != TarEntryFormat.Ustar)
            {
                AddFile(w, longName, "c", format);
            }
        }, format)));

        var paths = contents.Entries.Select(e => e.Path).ToList();
        Assert.Contains("etc/absolute", paths);
        Assert.Contains("usr/dotted", paths);
        Assert.DoesNotContain("", paths);
        Assert.Equal(format != TarEntryFormat.Ustar, paths.Contains(longName[2..]));
    }

    [Fact]
    public async Task Dot_dot_components_are_rejected()
    {
        var e = await RejectsAsync(Deb(Control("evil"), TarGz(w => AddFile(w, "./usr/../../etc/passwd", "x"))));
        Assert.Contains("escapes the image root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_below_a_symlink_of_the_package_is_rejected()
    {
        var e = await RejectsAsync(Deb(Control("evil"), TarGz(w =>
        {
            AddLink(w, TarEntryType.SymbolicLink, "./pwn", "/outside");
            AddFile(w, "./pwn/escaped", "x");
        })));
        Assert.Contains("'pwn/escaped' lies below 'pwn'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("/")]
    [InlineData("./")]
    public async Task A_symlink_replacing_the_root_is_rejected(string name)
    {
        var e = await RejectsAsync(Deb(Control("evil"), TarGz(w => AddLink(w, TarEntryType.SymbolicLink, name, "/tmp"))));
        Assert.Contains("image root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Absolute_and_relative_symlinks_are_kept_verbatim()
    {
        var contents = await ReadAsync(Deb(Control("links"), TarGz(w =>
        {
            AddLink(w, TarEntryType.SymbolicLink, "./bin/sh", "/bin/busybox");
            AddLink(w, TarEntryType.SymbolicLink, "./lib64/ld.so", "../lib/x86_64-linux-gnu/ld.so");
        })));
        Assert.Equal(["/bin/busybox", "../lib/x86_64-linux-gnu/ld.so"], contents.Entries.Select(e => e.LinkTarget));
    }

    [Theory]
    [InlineData("../../../../etc/shadow")]
    [InlineData("./not-there")]
    [InlineData("./later")]
    [InlineData("./adir")]
    public async Task Hard_links_must_name_an_earlier_regular_file_in_the_root(string target)
    {
        var e = await RejectsAsync(Deb(Control("evil"), TarGz(w =>
        {
            AddDir(w, "./adir/");
            AddLink(w, TarEntryType.HardLink, "./loot", target);
            AddFile(w, "./later", "x");
        })));
        Assert.Equal(ErrorCode.Debian, e.Code);
    }

    [Fact]
    public async Task Duplicate_files_and_device_nodes_are_rejected()
    {
        var dup = await RejectsAsync(Deb(Control("dup"), TarGz(w =>
        {
            AddFile(w, "./a", "1");
            AddFile(w, "./a", "2");
        })));
        Assert.Contains("appears twice", dup.Message, StringComparison.Ordinal);
        var dev = await RejectsAsync(Deb(Control("dev"), TarGz(w => w.WriteEntry(new GnuTarEntry(TarEntryType.CharacterDevice, "./dev/null")))));
        Assert.Contains("CharacterDevice", dev.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decompression_bomb_stops_at_the_size_cap()
    {
        var e = await RejectsAsync(Deb(Control("bomb"), TarGz(w => AddFile(w, "./zeros", new string('\0', 4 << 20)))), new DebLimits(MaxDataBytes: 1 << 20));
        Assert.Equal(ErrorCode.LimitExceeded, e.Code);
    }

    [Fact]
    public async Task The_entry_count_is_capped()
    {
        var e = await RejectsAsync(Deb(Control("many"), TarGz(w =>
        {
            for (var i = 0; i < 50; i++)
            {
                AddFile(w, $"./f{i}", "");
            }
        })), new DebLimits(MaxEntries: 20));
        Assert.Equal(ErrorCode.LimitExceeded, e.Code);
        Assert.Contains("more than 20 entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_containers_fail_with_a_package_error()
    {
        var good = Deb(Control("ok"), TarGz(w => AddFile(w, "./a", "x")));
        Assert.Equal(ErrorCode.Debian, (await RejectsAsync(good[..(good.Length / 2)])).Code);
        Assert.Equal(ErrorCode.Debian, (await RejectsAsync("not a package at all"u8.ToArray())).Code);
        var badSize = (byte[])good.Clone();
        "99999999"u8.CopyTo(badSize.AsSpan(8 + 48));
        Assert.Equal(ErrorCode.Debian, (await RejectsAsync(badSize)).Code);
        var noControl = Ar(("debian-binary", "2.0\n"u8.ToArray()), ("data.tar.gz", TarGz(w => AddFile(w, "./a", "x"))));
        Assert.Equal(ErrorCode.Debian, (await RejectsAsync(noControl)).Code);
        var corruptData = Ar(("debian-binary", "2.0\n"u8.ToArray()), ("control.tar.gz", TarGz(w => AddFile(w, "./control", Control("c")))), ("data.tar.xz", new byte[300]));
        Assert.Equal(ErrorCode.Debian, (await RejectsAsync(corruptData)).Code);
        var bz2 = Ar(("debian-binary", "2.0\n"u8.ToArray()), ("control.tar.gz", TarGz(w => AddFile(w, "./control", Control("c")))), ("data.tar.bz2", new byte[10]));
        Assert.Equal(ErrorCode.UnsupportedInput, (await RejectsAsync(bz2)).Code);
    }

    [Fact]
    public async Task Random_bytes_never_escape_as_anything_but_a_distill_error()
    {
        var random = new Random(1234);
        var good = Deb(Control("fuzz"), TarGz(w =>
        {
            AddDir(w, "./usr/");
            AddFile(w, "./usr/a", "hello world");
            AddLink(w, TarEntryType.SymbolicLink, "./usr/b", "a");
        }));
        for (var i = 0; i < 200; i++)
        {
            var mutated = (byte[])good.Clone();
            for (var k = 0; k < 4; k++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            try
            {
                await ReadAsync(mutated);
            }
            catch (DistillException)
            {
                // the only acceptable failure
            }
        }
    }

    [Fact]
    public async Task Over_deep_and_over_long_paths_stop_at_the_limits()
    {
        var deep = "./" + string.Join('/', Enumerable.Repeat("d", 300)) + "/f";
        Assert.Equal(ErrorCode.LimitExceeded, (await RejectsAsync(Deb(Control("deep"), TarGz(w => AddFile(w, deep, "x", TarEntryFormat.Pax), TarEntryFormat.Pax)))).Code);
        var longName = "./" + new string('n', 5000);
        Assert.Equal(ErrorCode.LimitExceeded, (await RejectsAsync(Deb(Control("long"), TarGz(w => AddFile(w, longName, "x", TarEntryFormat.Pax), TarEntryFormat.Pax)))).Code);
    }
}
