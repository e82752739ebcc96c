using Distill.Base;
using Distill.Inspect;
using Xunit;

namespace Distill.Tests.Inspect;

/// <summary>
/// RELIABILITY.md B1-10 to B1-20 as tests: each hostile file ends in <see cref="ElfFormatException"/> or a
/// result, never another exception, and allocates memory bounded by the file's real size.
/// </summary>
public sealed class ElfMalformedTests
{
    private static readonly ElfBuilder Dynamic = new()
    {
        Interpreter = "/lib64/ld-linux-x86-64.so.2",
        Needed = ["libc.so.6", "libm.so.6"],
        Imports = ["getaddrinfo"],
        Notes = [("GNU", 3, [1, 2, 3, 4])],
    };

    private static (byte[] Bytes, ElfLayout Layout, ElfBuilder B) Fresh(ElfBuilder? b = null)
    {
        b ??= new ElfBuilder { Interpreter = Dynamic.Interpreter, Needed = Dynamic.Needed, Imports = Dynamic.Imports, Notes = Dynamic.Notes };
        return (b.Build(), b.Layout, b);
    }

    // B1-10
    [Fact]
    public void Every_truncation_of_the_header_is_rejected()
    {
        var (bytes, _, _) = Fresh();
        for (var n = 0; n < 64; n++)
        {
            Rejects(bytes[..n]);
        }
    }

    [Fact]
    public void Truncating_anywhere_gives_a_result_or_the_documented_exception()
    {
        var (bytes, _, _) = Fresh();
        for (var n = 64; n < bytes.Length; n++)
        {
            Survives(bytes[..n]);
        }
    }

    [Theory]
    [InlineData(0, 0x7e)]
    [InlineData(1, (byte)'e')]
    [InlineData(4, 0)]
    [InlineData(4, 3)]
    [InlineData(5, 0)]
    [InlineData(5, 3)]
    public void Bad_magic_class_or_data_is_rejected(int at, byte value)
    {
        var (bytes, _, _) = Fresh();
        bytes[at] = value;
        Rejects(bytes);
    }

    [Fact]
    public void Gzip_and_script_bytes_are_rejected_as_bad_magic()
    {
        Assert.Contains("magic", Rejects([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8]).Detail, StringComparison.Ordinal);
        Assert.Contains("magic", Rejects("#!/bin/sh\necho hello world\n"u8.ToArray()).Detail, StringComparison.Ordinal);
    }

    // B1-11
    [Fact]
    public void Table_offsets_past_the_end_are_rejected()
    {
        var (a, l, b) = Fresh();
        b.Word(a, l.EhPhOff, (ulong)a.Length + 1);
        Assert.Contains("program header table", Rejects(a).Detail, StringComparison.Ordinal);

        var (c, l2, b2) = Fresh();
        b2.Word(c, l2.EhShOff, (ulong)c.Length - 10);
        Rejects(c);
    }

    [Theory]
    [InlineData(true, 65535)]
    [InlineData(true, 0)]
    [InlineData(true, 55)]
    [InlineData(false, 65535)]
    [InlineData(false, 1)]
    public void Wrong_entry_sizes_are_rejected_before_any_loop(bool program, int size)
    {
        var (a, l, b) = Fresh();
        b.U16(a, program ? l.EhPhEntSize : l.EhShEntSize, (ushort)size);
        Assert.Contains("entsize", Rejects(a).Detail, StringComparison.Ordinal);
    }

    // B1-12
    [Fact]
    public void Huge_section_sizes_are_dropped_with_a_warning_and_allocate_nothing_big()
    {
        var (a, l, b) = Fresh();
        var shdr = l.ShOff + (l.SectionIndex[".dynsym"] * 64);
        b.Word(a, shdr + 32, ulong.MaxValue);
        var info = Survives(a);
        Assert.NotNull(info);
        Assert.Contains(info.Warnings, w => w.Contains("symbol table", StringComparison.Ordinal));
        Assert.Equal(["libc.so.6", "libm.so.6"], info.Needed);
    }

    [Fact]
    public void Huge_segment_size_is_rejected()
    {
        var (a, l, b) = Fresh();
        b.Word(a, l.Phdr[2] + 32, ulong.MaxValue); // PT_DYNAMIC p_filesz
        Assert.Contains("PT_DYNAMIC", Rejects(a).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_section_count_via_extended_numbering_is_rejected()
    {
        var (a, l, b) = Fresh();
        b.U16(a, l.EhShNum, 0);
        b.Word(a, l.ShOff + 32, ulong.MaxValue); // section 0 sh_size = real count
        Rejects(a);
    }

    // B1-13
    [Fact]
    public void Offset_plus_size_overflow_is_caught()
    {
        var (a, l, b) = Fresh();
        b.Word(a, l.Phdr[2] + 8, ulong.MaxValue - 8); // PT_DYNAMIC p_offset
        b.Word(a, l.Phdr[2] + 32, 0x20);
        Rejects(a);

        var (c, l2, b2) = Fresh();
        b2.Word(c, l2.EhPhOff, ulong.MaxValue - 16);
        Rejects(c);

        var (d, l3, b3) = Fresh();
        var shdr = l3.ShOff + (l3.SectionIndex[".note"] * 64);
        b3.Word(d, shdr + 24, ulong.MaxValue - 4);
        b3.Word(d, shdr + 32, 0x100);
        Survives(d);
    }

    // B1-14
    [Fact]
    public void Unterminated_dynamic_string_is_rejected_not_guessed()
    {
        var (a, l, b) = Fresh();
        // Cut DT_STRSZ inside "libm.so.6" (at 1 + "libc.so.6\0") so that name loses its NUL.
        var strsz = FindDynamic(a, l, b, 10);
        b.Word(a, strsz + 8, 11 + 4);
        Assert.Contains("DT_NEEDED", Rejects(a).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_names_past_the_name_table_become_a_warning()
    {
        var (a, l, b) = Fresh();
        b.U32(a, l.ShOff + 64, 0xfffffff0);
        var info = Survives(a)!;
        Assert.Contains(info.Warnings, w => w.Contains("section name", StringComparison.Ordinal));
    }

    [Fact]
    public void DT_STRTAB_outside_every_segment_falls_back_to_dynstr_or_is_rejected()
    {
        var (a, l, b) = Fresh();
        var strtab = FindDynamic(a, l, b, 5);
        b.Word(a, strtab + 8, 0xdead0000);
        var info = Survives(a)!;
        Assert.Equal(["libc.so.6", "libm.so.6"], info.Needed);
        Assert.Contains(info.Warnings, w => w.Contains("DT_STRTAB", StringComparison.Ordinal));

        var (c, l2, b2) = Fresh(new ElfBuilder { Interpreter = "/lib/ld.so", Needed = ["libc.so.6"], SectionHeaders = false });
        b2.Word(c, FindDynamic(c, l2, b2, 5) + 8, 0xdead0000);
        Assert.Contains("DT_STRTAB", Rejects(c).Detail, StringComparison.Ordinal);
    }

    // B1-15
    [Fact]
    public void Hash_tables_with_zero_or_huge_counts_or_unterminated_chains_terminate()
    {
        var sysv = new ElfBuilder { Interpreter = "/lib/ld.so", Needed = ["libc.so.6"], Imports = ["a", "b"], Hash = "sysv", SectionHeaders = false };
        var (a, _, b) = Fresh(sysv);
        b.U32(a, sysv.Layout.HashOffset + 4, 0); // nchain = 0
        Assert.Empty(Survives(a)!.ImportedSymbols);
        b.U32(a, sysv.Layout.HashOffset + 4, uint.MaxValue); // nchain far past the file
        Assert.NotNull(Survives(a));

        var gnu = new ElfBuilder { Interpreter = "/lib/ld.so", Needed = ["libc.so.6"], Imports = ["a", "b"], Hash = "gnu", SectionHeaders = false };
        var (c, _, b2) = Fresh(gnu);
        var chains = gnu.Layout.HashOffset + 16 + 8 + 4;
        b2.U32(c, chains + 4, 2); // clear the terminator: the chain now runs to the end of the segment
        Assert.NotNull(Survives(c));
        b2.U32(c, gnu.Layout.HashOffset, uint.MaxValue); // nbuckets past the file
        Assert.NotNull(Survives(c));
        b2.U32(c, gnu.Layout.HashOffset + 8, uint.MaxValue); // bloom size past the file
        Assert.NotNull(Survives(c));
    }

    // B1-16
    [Fact]
    public void Extended_numbering_is_read_from_section_zero()
    {
        var (a, l, b) = Fresh();
        var phnum = l.PhNum;
        b.U16(a, l.EhShNum, 0);
        b.Word(a, l.ShOff + 32, (ulong)l.ShNum); // sh_size = e_shnum
        b.U16(a, l.EhShStrNdx, 0xffff);
        b.U32(a, l.ShOff + 40, (uint)l.ShStrNdx); // sh_link = e_shstrndx
        b.U16(a, l.EhPhNum, 0xffff);
        b.U32(a, l.ShOff + 44, (uint)phnum); // sh_info = e_phnum

        var info = ElfReader.Read(a);

        Assert.Equal(["libc.so.6", "libm.so.6"], info.Needed);
        Assert.Contains(".dynsym", info.Sections);
        Assert.Equal("0102030405060708"[..8], info.BuildId);
    }

    [Fact]
    public void PN_XNUM_without_sections_is_rejected()
    {
        var (a, l, b) = Fresh(new ElfBuilder { SectionHeaders = false });
        b.U16(a, l.EhPhNum, 0xffff);
        Assert.Contains("PN_XNUM", Rejects(a).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_shstrndx_is_a_warning()
    {
        var (a, l, b) = Fresh();
        b.U16(a, l.EhShStrNdx, 0x7000);
        var info = Survives(a)!;
        Assert.All(info.Sections, s => Assert.Equal("", s));
        Assert.Equal(["libc.so.6", "libm.so.6"], info.Needed);
    }

    // B1-17
    [Fact]
    public void Interpreter_without_nul_is_rejected()
    {
        var (a, l, _) = Fresh();
        a[l.InterpOffset + l.InterpSize - 1] = (byte)'x';
        Assert.Contains("NUL", Rejects(a).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_interpreter_is_reported_with_a_warning()
    {
        var info = ElfReader.Read(new ElfBuilder { Interpreter = "lib/ld.so", Needed = ["libc.so.6"] }.Build());
        Assert.Equal("lib/ld.so", info.Interpreter);
        Assert.Contains(info.Warnings, w => w.Contains("relative", StringComparison.Ordinal));
    }

    [Fact]
    public void Repeated_interpreter_uses_the_first_and_warns()
    {
        var (a, l, b) = Fresh();
        // Turn PT_NOTE into a second PT_INTERP pointing at the same bytes.
        b.U32(a, l.Phdr[4], 3);
        b.Word(a, l.Phdr[4] + 8, (ulong)l.InterpOffset);
        b.Word(a, l.Phdr[4] + 32, (ulong)l.InterpSize);
        var info = ElfReader.Read(a);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", info.Interpreter);
        Assert.Contains(info.Warnings, w => w.Contains("2 PT_INTERP", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(5000UL)]
    public void Interpreter_sizes_the_kernel_refuses_are_rejected(ulong size)
    {
        var (a, l, b) = Fresh();
        b.Word(a, l.Phdr[3] + 32, size);
        Rejects(a);
    }

    // B1-18: the reader reports hostile names verbatim; ArtifactInspectorTests checks the warnings.
    [Fact]
    public void Needed_with_path_components_is_reported_verbatim()
    {
        var info = ElfReader.Read(new ElfBuilder { Interpreter = "/lib/ld.so", Needed = ["../../../etc/shadow"], RunPath = "$ORIGIN/../lib" }.Build());
        Assert.Equal(["../../../etc/shadow"], info.Needed);
        Assert.Equal(["$ORIGIN/../lib"], info.RunPath);
    }

    // B1-19
    [Fact]
    public void Foreign_architecture_and_byte_order_are_detected()
    {
        var info = ElfReader.Read(new ElfBuilder { Machine = 22, BigEndian = true, Interpreter = "/lib/ld64.so.1", Needed = ["libc.so.6"] }.Build());
        Assert.Equal("linux/s390x", info.Platform?.ToString());
        Assert.True(info.BigEndian);
    }

    // B1-20: seeded property test; the fuzz corpus replay covers the AFL-found inputs.
    [Fact]
    public void Random_mutations_end_in_a_result_or_the_documented_exception()
    {
        var rng = new Random(20261204);
        var seeds = new[]
        {
            Fresh().Bytes,
            Fresh(new ElfBuilder { Is64 = false, BigEndian = true, Machine = 20, Interpreter = "/lib/ld.so.1", Needed = ["libc.so.6"], Imports = ["x"], Hash = "gnu" }).Bytes,
            Fresh(new ElfBuilder { Type = 2, GoBuildInfo = GoBlob.Inline("go1.22.0", "path\tx\nbuild\tCGO_ENABLED=0\n"), SectionHeaders = false, GoInDataSegment = true }).Bytes,
        };
        for (var i = 0; i < 6000; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Length].Clone();
            var flips = 1 + rng.Next(8);
            for (var f = 0; f < flips; f++)
            {
                var at = rng.Next(bytes.Length);
                bytes[at] = rng.Next(4) switch { 0 => 0xff, 1 => 0, 2 => (byte)(bytes[at] ^ (1 << rng.Next(8))), _ => (byte)rng.Next(256) };
            }
            Survives(bytes);
        }
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[rng.Next(0, 512)];
            rng.NextBytes(bytes);
            if (bytes.Length >= 6)
            {
                "\x7fELF"u8.CopyTo(bytes);
                bytes[4] = (byte)(1 + rng.Next(2));
                bytes[5] = (byte)(1 + rng.Next(2));
            }
            Survives(bytes);
        }
    }

    internal static ElfFormatException Rejects(byte[] data)
    {
        ElfFormatException? caught = null;
        Bounded(data, () =>
        {
            caught = Assert.Throws<ElfFormatException>(() => ElfReader.Read(data, "test"));
        });
        return caught!;
    }

    /// <summary>The parse returns or throws the documented exception, allocating at most a few times the file size.</summary>
    internal static ElfInfo? Survives(byte[] data)
    {
        ElfInfo? info = null;
        Bounded(data, () =>
        {
            try
            {
                info = ElfReader.Read(data, "test");
            }
            catch (ElfFormatException)
            {
            }
        });
        return info;
    }

    private static void Bounded(byte[] data, Action parse)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        parse();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (1 << 20) + (16L * data.Length), $"parsing {data.Length} bytes allocated {allocated} bytes");
    }

    private static int FindDynamic(byte[] a, ElfLayout l, ElfBuilder b, long tag)
    {
        var w = b.Is64 ? 8 : 4;
        for (var at = l.DynamicOffset; at < l.DynamicOffset + l.DynamicSize; at += 2 * w)
        {
            var t = b.Is64 ? (long)BitConverter.ToUInt64(a, at) : BitConverter.ToUInt32(a, at);
            if (t == tag)
            {
                return at;
            }
        }
        throw new InvalidOperationException($"no dynamic tag {tag}");
    }
}
