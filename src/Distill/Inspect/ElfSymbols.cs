using static Distill.Inspect.ElfConstants;

namespace Distill.Inspect;

/// <summary>
/// Collects symbol names from <c>.symtab</c> and <c>.dynsym</c>, or, when section headers are gone, from
/// <c>DT_SYMTAB</c> sized by <c>DT_HASH</c>/<c>DT_GNU_HASH</c>. Counts are bounded by the bytes present and by
/// <see cref="MaxSymbols"/>; decoded names share one byte budget so suffix-overlapping names cannot blow up memory.
/// </summary>
internal sealed class ElfSymbols
{
    private long _budget = SymbolNameBudget;
    private int _seen;

    public HashSet<string> Imported { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Defined { get; } = new(StringComparer.Ordinal);
    public bool HasSymtab { get; private set; }
    public bool Truncated { get; private set; }

    public static ElfSymbols Read(ElfBytes b, ReadOnlySpan<ElfSection> sections, ReadOnlySpan<ElfSegment> segments, ElfDynamic dyn, List<string> warnings)
    {
        var r = new ElfSymbols();
        var hasDynsym = false;
        foreach (var s in sections)
        {
            if (s.Type is not (SHT_SYMTAB or SHT_DYNSYM))
            {
                continue;
            }
            hasDynsym |= s.Type == SHT_DYNSYM;
            r.HasSymtab |= s.Type == SHT_SYMTAB;
            if (!s.HasData(b) || s.Link >= sections.Length || !sections[(int)s.Link].HasData(b))
            {
                warnings.Add($"symbol table '{s.Name}' or its string table lies outside the file; skipped");
                continue;
            }
            var str = sections[(int)s.Link];
            r.Walk(b, b.Slice(s.Offset, s.Size, "symbol table"), b.Slice(str.Offset, str.Size, "symbol string table"), s.EntSize, warnings);
        }
        if (!hasDynsym && dyn.SymTab is { } symtab && dyn.StrTabOffset is { } strOff
            && ElfTables.TryMap(b, segments, symtab, out var off, out var available))
        {
            var entSize = (ulong)(b.Is64 ? 24 : 16);
            var count = CountFromHash(b, segments, dyn, warnings);
            var size = Math.Min(count * entSize, available - available % entSize);
            r.Walk(b, b.Slice(off, size, "DT_SYMTAB"), b.Slice(strOff, dyn.StrTabSize, "dynamic string table"), entSize, warnings);
        }
        if (r.Truncated)
        {
            warnings.Add("symbol tables exceed the reader's limits; only part of them was read");
        }
        return r;
    }

    private void Walk(ElfBytes b, ReadOnlySpan<byte> table, ReadOnlySpan<byte> strings, ulong declaredEntSize, List<string> warnings)
    {
        var entSize = b.Is64 ? 24 : 16;
        if (declaredEntSize != 0 && declaredEntSize != (ulong)entSize)
        {
            warnings.Add($"symbol entry size {declaredEntSize} is not {entSize}; table skipped");
            return;
        }
        var count = table.Length / entSize;
        for (var i = 1; i < count; i++) // entry 0 is the reserved null symbol
        {
            if (_seen++ >= MaxSymbols || _budget <= 0)
            {
                Truncated = true;
                return;
            }
            var e = table.Slice(i * entSize, entSize);
            var nameOff = b.U32(e, 0);
            var info = b.Is64 ? e[4] : e[12];
            var shndx = b.U16(e, b.Is64 ? 6 : 14);
            var type = (byte)(info & 0xf);
            var bind = (byte)(info >> 4);
            if (nameOff == 0 || type is STT_SECTION or STT_FILE)
            {
                continue;
            }
            var name = ElfBytes.CString(strings, nameOff);
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }
            _budget -= name.Length;
            if (shndx == SHN_UNDEF)
            {
                if (bind is STB_GLOBAL or STB_WEAK)
                {
                    Imported.Add(name);
                }
            }
            else if (type is STT_NOTYPE or STT_OBJECT or STT_FUNC or STT_TLS or STT_GNU_IFUNC)
            {
                Defined.Add(name);
            }
        }
    }

    /// <summary>Symbol count from DT_HASH's nchain, or by walking DT_GNU_HASH's buckets and the last chain.</summary>
    private static ulong CountFromHash(ElfBytes b, ReadOnlySpan<ElfSegment> segments, ElfDynamic dyn, List<string> warnings)
    {
        if (dyn.Hash is { } hash && ElfTables.TryMap(b, segments, hash, out var ho, out var ha) && ha >= 8)
        {
            return b.U32(ho + 4, "DT_HASH nchain");
        }
        if (dyn.GnuHash is not { } gnu || !ElfTables.TryMap(b, segments, gnu, out var go, out var ga) || ga < 16)
        {
            return 0;
        }
        var table = b.Slice(go, ga, "DT_GNU_HASH");
        ulong nBuckets = b.U32(table, 0);
        ulong symOffset = b.U32(table, 4);
        ulong bloomWords = b.U32(table, 8);
        var bucketsAt = 16 + bloomWords * (ulong)b.WordSize; // bloomWords < 2^32, word ≤ 8: no overflow
        if (bucketsAt > (ulong)table.Length || nBuckets > ((ulong)table.Length - bucketsAt) / 4)
        {
            warnings.Add("DT_GNU_HASH buckets extend past their segment; dynamic symbols not read");
            return 0;
        }
        ulong max = 0;
        for (ulong i = 0; i < nBuckets; i++)
        {
            max = Math.Max(max, b.U32(table, (int)(bucketsAt + i * 4)));
        }
        if (max < symOffset)
        {
            return symOffset;
        }
        // Walk the last chain until the entry with the low bit set; bounded by the bytes present.
        var chainsAt = bucketsAt + nBuckets * 4;
        for (var i = max - symOffset; chainsAt + i * 4 + 4 <= (ulong)table.Length; i++)
        {
            if ((b.U32(table, (int)(chainsAt + i * 4)) & 1) != 0)
            {
                return symOffset + i + 1;
            }
        }
        warnings.Add("DT_GNU_HASH chain is not terminated inside its segment; dynamic symbols not read");
        return 0;
    }
}
