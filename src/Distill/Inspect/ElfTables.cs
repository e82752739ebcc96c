using static Distill.Inspect.ElfConstants;

namespace Distill.Inspect;

/// <summary>
/// Reads the section and program header tables, including the gABI extended numbering kept in section 0
/// (<c>e_shnum = 0</c>, <c>e_shstrndx = SHN_XINDEX</c>, <c>e_phnum = PN_XNUM</c>). A table that does not fit the
/// file, or whose entry size is wrong, is rejected before any loop runs.
/// </summary>
internal static class ElfTables
{
    public static ElfSection[] ReadSections(ElfBytes b, in ElfHeader h, List<string> warnings, out uint phnum)
    {
        phnum = h.PhNum;
        if (h.ShOff == 0)
        {
            if (h.PhNum == PN_XNUM)
            {
                throw b.Malformed("e_phnum is PN_XNUM (0xffff) but there is no section 0 holding the real count");
            }
            return [];
        }
        if (h.ShEntSize != h.ShdrSize)
        {
            throw b.Malformed($"e_shentsize is {h.ShEntSize}, expected {h.ShdrSize} for ELF{(h.Is64 ? 64 : 32)}");
        }
        var s0 = Parse(b, b.Slice(h.ShOff, (ulong)h.ShdrSize, "section header 0"), h.Is64);
        ulong count = h.ShNum == 0 ? s0.Size : h.ShNum;
        var strIndex = h.ShStrNdx == SHN_XINDEX ? s0.Link : h.ShStrNdx;
        if (h.PhNum == PN_XNUM)
        {
            phnum = s0.Info;
        }
        if (count > MaxSections)
        {
            throw b.Malformed($"section count {count} exceeds the limit of {MaxSections}");
        }
        var table = b.Slice(h.ShOff, count * (ulong)h.ShdrSize, $"section header table ({count} entries)");
        var raw = new ElfSection[(int)count];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = Parse(b, table.Slice(i * h.ShdrSize, h.ShdrSize), h.Is64);
        }
        return Name(b, raw, strIndex, warnings);
    }

    public static ElfSegment[] ReadSegments(ElfBytes b, in ElfHeader h, uint phnum)
    {
        if (phnum == 0)
        {
            return [];
        }
        if (h.PhEntSize != h.PhdrSize)
        {
            throw b.Malformed($"e_phentsize is {h.PhEntSize}, expected {h.PhdrSize} for ELF{(h.Is64 ? 64 : 32)}");
        }
        var total = (ulong)phnum * (ulong)h.PhdrSize;
        if (total > MaxProgramHeaderBytes)
        {
            throw b.Malformed($"{phnum} program headers take {total} bytes, more than the {MaxProgramHeaderBytes} the kernel accepts");
        }
        var table = b.Slice(h.PhOff, total, "program header table");
        var segments = new ElfSegment[(int)phnum];
        for (var i = 0; i < segments.Length; i++)
        {
            var e = table.Slice(i * h.PhdrSize, h.PhdrSize);
            segments[i] = h.Is64
                ? new ElfSegment(b.U32(e, 0), b.U32(e, 4), b.U64(e, 8), b.U64(e, 16), b.U64(e, 32), b.U64(e, 40), b.U64(e, 48))
                : new ElfSegment(b.U32(e, 0), b.U32(e, 24), b.U32(e, 4), b.U32(e, 8), b.U32(e, 16), b.U32(e, 20), b.U32(e, 28));
        }
        return segments;
    }

    /// <summary>
    /// Maps a virtual address to its file offset through the <c>PT_LOAD</c> segment whose file image holds it,
    /// and says how many bytes from there belong to that image (and the file). False when no segment maps it.
    /// </summary>
    public static bool TryMap(ElfBytes b, ReadOnlySpan<ElfSegment> segments, ulong vaddr, out ulong offset, out ulong available)
    {
        foreach (var s in segments)
        {
            if (s.Type != PT_LOAD || vaddr < s.VAddr)
            {
                continue;
            }
            var delta = vaddr - s.VAddr;
            if (delta >= s.FileSize || s.Offset > ulong.MaxValue - delta)
            {
                continue;
            }
            var off = s.Offset + delta;
            if (off >= b.Length)
            {
                continue;
            }
            offset = off;
            available = Math.Min(s.FileSize - delta, b.Length - off);
            return true;
        }
        offset = 0;
        available = 0;
        return false;
    }

    private static ElfSection Parse(ElfBytes b, ReadOnlySpan<byte> e, bool is64) =>
        is64
            ? new ElfSection("", b.U32(e, 4), b.U64(e, 8), b.U64(e, 16), b.U64(e, 24), b.U64(e, 32), b.U32(e, 40), b.U32(e, 44), b.U64(e, 56)) { NameOffset = b.U32(e, 0) }
            : new ElfSection("", b.U32(e, 4), b.U32(e, 8), b.U32(e, 12), b.U32(e, 16), b.U32(e, 20), b.U32(e, 24), b.U32(e, 28), b.U32(e, 36)) { NameOffset = b.U32(e, 0) };

    private static ElfSection[] Name(ElfBytes b, ElfSection[] raw, uint strIndex, List<string> warnings)
    {
        if (raw.Length == 0 || strIndex == SHN_UNDEF)
        {
            return raw;
        }
        if (strIndex >= raw.Length || !raw[strIndex].HasData(b))
        {
            warnings.Add($"section name table index {strIndex} is not a section with data in the file; section names are unknown");
            return raw;
        }
        var names = b.Slice(raw[strIndex].Offset, raw[strIndex].Size, "section name table");
        var bad = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var name = ElfBytes.CString(names, raw[i].NameOffset);
            if (name is null)
            {
                bad++;
            }
            raw[i] = raw[i] with { Name = name ?? "" };
        }
        if (bad > 0)
        {
            warnings.Add($"{bad} section name(s) lie outside the section name table or are not NUL-terminated");
        }
        return raw;
    }
}
