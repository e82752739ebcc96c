using static Distill.Inspect.ElfConstants;

namespace Distill.Inspect;

/// <summary>What the dynamic section says: needed libraries, search paths, soname, flags, symbol table addresses.</summary>
internal sealed class ElfDynamic
{
    public bool Present { get; private set; }
    public List<string> Needed { get; } = [];
    public List<string> RunPath { get; } = [];
    public List<string> RPath { get; } = [];
    public string? SoName { get; private set; }
    public ulong Flags { get; private set; }
    public ulong Flags1 { get; private set; }
    public ulong? SymTab { get; private set; }
    public ulong? Hash { get; private set; }
    public ulong? GnuHash { get; private set; }
    public ulong SymEnt { get; private set; }
    public ulong? StrTabOffset { get; private set; }
    public ulong StrTabSize { get; private set; }

    /// <summary>
    /// Reads <c>PT_DYNAMIC</c> as the loader does. Strings the loader needs (DT_NEEDED, DT_RUNPATH, DT_RPATH,
    /// DT_SONAME) must resolve inside DT_STRTAB, else the file is rejected: a dependency is never dropped silently.
    /// </summary>
    public static ElfDynamic Read(ElfBytes b, ReadOnlySpan<ElfSegment> segments, ReadOnlySpan<ElfSection> sections, List<string> warnings)
    {
        var d = new ElfDynamic();
        var dynamicSegments = 0;
        ElfSegment seg = default;
        foreach (var s in segments)
        {
            if (s.Type == PT_DYNAMIC && dynamicSegments++ == 0)
            {
                seg = s;
            }
        }
        if (dynamicSegments == 0)
        {
            return d;
        }
        if (dynamicSegments > 1)
        {
            warnings.Add($"{dynamicSegments} PT_DYNAMIC segments; the first is used, as the loader does");
        }
        d.Present = true;
        var table = b.Slice(seg.Offset, seg.FileSize, "PT_DYNAMIC segment");
        var entSize = b.Is64 ? 16 : 8;
        var count = Math.Min(table.Length / entSize, MaxDynamicEntries);
        var needed = new List<ulong>();
        var runPath = new List<ulong>();
        var rPath = new List<ulong>();
        ulong? soName = null;
        ulong? strTab = null;
        ulong? strSize = null;
        for (var i = 0; i < count; i++)
        {
            var e = table.Slice(i * entSize, entSize);
            var tag = b.Is64 ? (long)b.U64(e, 0) : (int)b.U32(e, 0);
            var val = b.Word(e, entSize / 2);
            switch (tag)
            {
                case DT_NULL: i = count; break;
                case DT_NEEDED:
                    if (needed.Count == MaxNeeded)
                    {
                        throw b.Malformed($"more than {MaxNeeded} DT_NEEDED entries");
                    }
                    needed.Add(val);
                    break;
                case DT_STRTAB: strTab = val; break;
                case DT_STRSZ: strSize = val; break;
                case DT_RUNPATH: runPath.Add(val); break;
                case DT_RPATH: rPath.Add(val); break;
                case DT_SONAME: soName = val; break;
                case DT_FLAGS: d.Flags = val; break;
                case DT_FLAGS_1: d.Flags1 = val; break;
                case DT_SYMTAB: d.SymTab = val; break;
                case DT_HASH: d.Hash = val; break;
                case DT_GNU_HASH: d.GnuHash = val; break;
                case DT_SYMENT: d.SymEnt = val; break;
            }
        }
        if (strTab is { } addr)
        {
            d.LocateStrings(b, segments, sections, addr, strSize, warnings);
        }
        if (needed.Count + runPath.Count + rPath.Count == 0 && soName is null)
        {
            return d;
        }
        if (d.StrTabOffset is null)
        {
            throw b.Malformed(strTab is null
                ? "the dynamic section has DT_NEEDED/DT_RUNPATH/DT_SONAME entries but no DT_STRTAB"
                : $"DT_STRTAB 0x{strTab:x} is not inside any PT_LOAD segment and no .dynstr section backs it");
        }
        var strings = b.Slice(d.StrTabOffset.Value, d.StrTabSize, "dynamic string table");
        foreach (var off in needed)
        {
            d.Needed.Add(String(b, strings, off, "DT_NEEDED"));
        }
        foreach (var off in runPath)
        {
            d.RunPath.AddRange(String(b, strings, off, "DT_RUNPATH").Split(':'));
        }
        foreach (var off in rPath)
        {
            d.RPath.AddRange(String(b, strings, off, "DT_RPATH").Split(':'));
        }
        if (soName is { } so)
        {
            d.SoName = String(b, strings, so, "DT_SONAME");
        }
        return d;
    }

    private void LocateStrings(ElfBytes b, ReadOnlySpan<ElfSegment> segments, ReadOnlySpan<ElfSection> sections, ulong addr, ulong? declared, List<string> warnings)
    {
        if (ElfTables.TryMap(b, segments, addr, out var off, out var available))
        {
            StrTabOffset = off;
            StrTabSize = declared is { } size && size <= available ? size : available;
            if (declared is { } s && s > available)
            {
                warnings.Add($"DT_STRSZ {s} runs past its PT_LOAD segment; reading only the {available} bytes it maps");
            }
            return;
        }
        // Mapping failed: fall back to the .dynstr that the SHT_DYNAMIC section links to, if it is in the file.
        foreach (var s in sections)
        {
            if (s.Type == SHT_DYNAMIC && s.Link < sections.Length && sections[(int)s.Link] is { Type: SHT_STRTAB } str && str.HasData(b))
            {
                warnings.Add($"DT_STRTAB 0x{addr:x} is not inside any PT_LOAD segment; using the section the dynamic section links to");
                StrTabOffset = str.Offset;
                StrTabSize = str.Size;
                return;
            }
        }
    }

    private static string String(ElfBytes b, ReadOnlySpan<byte> strings, ulong offset, string tag) =>
        ElfBytes.CString(strings, offset)
        ?? throw b.Malformed($"{tag} string at offset {offset} is outside the dynamic string table ({strings.Length} bytes) or not NUL-terminated");
}
