using Xunit;
using Distill.Base;
using Distill.Inspect;

namespace Distill.Tests.Inspect;

public sealed class ElfReaderTests
{
    [Fact]
    public void Dynamic_executable_reports_loader_needed_runpath_and_pie()
    {
        var info = ElfReader.Read(new ElfBuilder
        {
            Interpreter = "/lib64/ld-linux-x86-64.so.2",
            Needed = ["libz.so.1", "libc.so.6"],
            RunPath = "$ORIGIN/../lib:/opt/lib",
            Flags1 = 0x08000000,
            Imports = ["getaddrinfo", "puts"],
            Defines = ["main"],
        }.Build());

        Assert.Equal(Linkage.Dynamic, info.Linkage);
        Assert.True(info.IsExecutable);
        Assert.True(info.IsPie);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", info.Interpreter);
        Assert.Equal(["libz.so.1", "libc.so.6"], info.Needed);
        Assert.Equal(["$ORIGIN/../lib", "/opt/lib"], info.RunPath);
        Assert.Equal(["getaddrinfo", "puts"], info.ImportedSymbols);
        Assert.Equal(["main"], info.DefinedSymbols);
        Assert.True(info.HasSymbol("getaddrinfo"));
        Assert.False(info.HasSymbol("getpwnam"));
        Assert.Equal("linux/amd64", info.Platform?.ToString());
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Static_static_pie_and_shared_library_are_told_apart()
    {
        var exec = ElfReader.Read(new ElfBuilder { Type = 2 }.Build());
        var staticPie = ElfReader.Read(new ElfBuilder { Type = 3, Flags1 = 0x08000000 }.Build());
        var library = ElfReader.Read(new ElfBuilder { Type = 3, Entry = 0, SoName = "libfoo.so.1" }.Build());
        var goPie = ElfReader.Read(new ElfBuilder { Type = 3, Interpreter = "/lib64/ld-linux-x86-64.so.2", Flags1 = 0x08000000 }.Build());

        Assert.Equal((Linkage.Static, true), (exec.Linkage!.Value, exec.IsExecutable));
        Assert.Equal((Linkage.StaticPie, true), (staticPie.Linkage!.Value, staticPie.IsExecutable));
        Assert.Equal((Linkage.Dynamic, false), (library.Linkage!.Value, library.IsExecutable));
        Assert.Equal("libfoo.so.1", library.SoName);
        Assert.Equal(Linkage.Dynamic, goPie.Linkage);
        Assert.Empty(goPie.Needed);
    }

    [Theory]
    [InlineData(62, true, false, "amd64")]
    [InlineData(3, false, false, "386")]
    [InlineData(183, true, false, "arm64")]
    [InlineData(40, false, false, "arm")]
    [InlineData(243, true, false, "riscv64")]
    [InlineData(21, true, false, "ppc64le")]
    [InlineData(21, true, true, "ppc64")]
    [InlineData(22, true, true, "s390x")]
    [InlineData(8, false, true, "mips")]
    [InlineData(8, true, false, "mips64le")]
    [InlineData(258, true, false, "loong64")]
    public void Machine_class_and_byte_order_map_to_oci_architecture(int machine, bool is64, bool big, string arch)
    {
        var info = ElfReader.Read(new ElfBuilder { Machine = (ushort)machine, Is64 = is64, BigEndian = big, Needed = ["libc.so.6"], Interpreter = "/lib/ld.so" }.Build());

        Assert.Equal(arch, info.Platform?.Architecture);
        Assert.Equal(["libc.so.6"], info.Needed);
        Assert.Equal(big, info.BigEndian);
    }

    [Fact]
    public void Unknown_machine_has_no_platform_and_a_warning()
    {
        var info = ElfReader.Read(new ElfBuilder { Machine = 0x1234 }.Build());

        Assert.Null(info.Platform);
        Assert.Contains(info.Warnings, w => w.Contains("4660", StringComparison.Ordinal));
    }

    [Fact]
    public void FreeBsd_osabi_gives_freebsd_platform()
    {
        Assert.Equal("freebsd", ElfReader.Read(new ElfBuilder { OsAbi = 9 }.Build()).Platform?.Os);
    }

    [Fact]
    public void Notes_give_build_id_and_abi_tag()
    {
        var abi = new byte[16];
        BitConverter.TryWriteBytes(abi.AsSpan(4), 3);
        BitConverter.TryWriteBytes(abi.AsSpan(8), 2);
        var info = ElfReader.Read(new ElfBuilder
        {
            Notes = [("GNU", 3, [0xde, 0xad, 0xbe, 0xef]), ("GNU", 1, abi), ("Go", 4, "abc/def"u8.ToArray())],
        }.Build());

        Assert.Equal("deadbeef", info.BuildId);
        Assert.Equal(new ElfAbiTag("Linux", "3.2.0"), info.AbiTag);
        Assert.Equal("abc/def", info.GoBuildId);
    }

    [Fact]
    public void Symbols_without_section_headers_come_from_DT_HASH_or_DT_GNU_HASH()
    {
        foreach (var hash in new[] { "sysv", "gnu" })
        {
            var info = ElfReader.Read(new ElfBuilder
            {
                Interpreter = "/lib/ld.so",
                Needed = ["libc.so.6"],
                Imports = ["dlopen", "SSL_connect"],
                Defines = ["main"],
                Hash = hash,
                SectionHeaders = false,
            }.Build());

            Assert.Equal(["SSL_connect", "dlopen"], info.ImportedSymbols);
            Assert.Equal(["main"], info.DefinedSymbols);
            Assert.Empty(info.Sections);
            Assert.True(info.IsStripped);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Go_inline_build_info_is_read_from_section_or_data_segment(bool inDataSegment)
    {
        const string mod = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\tgolang.org/x/net\tv0.1.0\th1:x\nbuild\t-tags=netgo,timetzdata\nbuild\tCGO_ENABLED=0\nbuild\t-ldflags=\"-s -w\"\n";
        var info = ElfReader.Read(new ElfBuilder { Type = 2, GoBuildInfo = GoBlob.Inline("go1.21.5", mod), GoInDataSegment = inDataSegment, SectionHeaders = !inDataSegment }.Build());

        Assert.NotNull(info.Go);
        Assert.Equal("go1.21.5", info.Go.GoVersion);
        Assert.Equal("example.com/app", info.Go.Path);
        Assert.Equal("example.com/app", info.Go.Module);
        Assert.Equal("(devel)", info.Go.ModuleVersion);
        Assert.Equal(["golang.org/x/net@v0.1.0"], info.Go.Dependencies);
        Assert.False(info.Go.CgoEnabled);
        Assert.Equal(["netgo", "timetzdata"], info.Go.Tags);
        Assert.Equal("-s -w", info.Go.Settings["-ldflags"]);
    }

    [Fact]
    public void Go_pointer_format_before_1_18_is_read_through_vaddr_mapping()
    {
        const string mod = "path\texample.com/old\nmod\texample.com/old\tv1.2.3\th1:abc\n";
        // First pass learns where the trailer lands; the second writes pointers to it (sizes are unchanged).
        var probe = new ElfBuilder { Type = 2, GoBuildInfo = new byte[32], Trailer = new byte[32 + 8 + 32 + mod.Length] };
        probe.Build();
        var (blob, trailer) = GoBlob.Pointers("go1.16.15", mod, ElfBuilder.Base + (ulong)probe.Layout.TrailerOffset);

        var info = ElfReader.Read(new ElfBuilder { Type = 2, GoBuildInfo = blob, Trailer = trailer }.Build());

        Assert.Equal("go1.16.15", info.Go?.GoVersion);
        Assert.Equal("example.com/old", info.Go?.Module);
        Assert.Equal("v1.2.3", info.Go?.ModuleVersion);
        Assert.Null(info.Go?.CgoEnabled);
    }

    [Fact]
    public void Go_GOARM_setting_gives_arm_variant()
    {
        var info = ElfReader.Read(new ElfBuilder { Is64 = false, Machine = 40, Type = 2, GoBuildInfo = GoBlob.Inline("go1.21.0", "path\tx\nbuild\tGOARCH=arm\nbuild\tGOARM=7\n", 4) }.Build());

        Assert.Equal("linux/arm/v7", info.Platform?.ToString());
    }

    [Fact]
    public void Elf32_big_endian_dynamic_file_reads()
    {
        var info = ElfReader.Read(new ElfBuilder { Is64 = false, BigEndian = true, Machine = 20, Interpreter = "/lib/ld.so.1", Needed = ["libc.so.6"], Imports = ["printf"] }.Build());

        Assert.False(info.Is64);
        Assert.Equal("ppc", info.Platform?.Architecture);
        Assert.Equal("/lib/ld.so.1", info.Interpreter);
        Assert.Equal(["printf"], info.ImportedSymbols);
    }
}
