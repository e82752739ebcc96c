using System.Buffers.Binary;
using System.Text;

namespace Distill.Tests.Inspect;

/// <summary>
/// Builds small, valid ELF files byte by byte so tests can then break one field at a time. One PT_LOAD maps
/// the whole file at <see cref="Base"/>, so every vaddr is <c>Base + offset</c>. <see cref="Layout"/> records
/// where each part landed.
/// </summary>
internal sealed class ElfBuilder
{
    public const ulong Base = 0x400000;

    public bool Is64 { get; init; } = true;
    public bool BigEndian { get; init; }
    public ushort Type { get; init; } = 3;
    public ushort Machine { get; init; } = 62;
    public byte OsAbi { get; init; }
    public ulong Entry { get; init; } = Base + 0x40;
    public string? Interpreter { get; init; }
    public List<string> Needed { get; init; } = [];
    public string? SoName { get; init; }
    public string? RunPath { get; init; }
    public ulong Flags1 { get; init; }
    public bool Tls { get; init; }
    public List<string> Imports { get; init; } = [];
    public List<string> Defines { get; init; } = [];
    public List<(string Name, uint Type, byte[] Desc)> Notes { get; init; } = [];
    public byte[]? GoBuildInfo { get; init; }
    /// <summary>Put the Go blob in a writable PT_LOAD instead of a .go.buildinfo section.</summary>
    public bool GoInDataSegment { get; init; }
    public bool SectionHeaders { get; init; } = true;
    /// <summary>Emit DT_HASH ("sysv") or DT_GNU_HASH ("gnu") for the dynamic symbols.</summary>
    public string? Hash { get; init; }
    /// <summary>Extra bytes appended after everything (e.g. the strings an old-format Go blob points to).</summary>
    public byte[] Trailer { get; init; } = [];

    public ElfLayout Layout { get; } = new();

    private int W => Is64 ? 8 : 4;

    public byte[] Build()
    {
        var body = new List<byte>();
        var ehsize = Is64 ? 64 : 52;
        var phentsize = Is64 ? 56 : 32;
        var dynamic = Needed.Count > 0 || SoName is not null || RunPath is not null || Flags1 != 0 || Imports.Count > 0;
        var phnum = 1 + (Interpreter is null ? 0 : 1) + (dynamic ? 1 : 0) + (Notes.Count > 0 ? 1 : 0) + (Tls ? 1 : 0) + (GoInDataSegment ? 1 : 0);
        Layout.PhOff = ehsize;
        Layout.PhNum = phnum;
        Pad(body, ehsize + phnum * phentsize);

        var sections = new List<(string Name, uint Type, int Off, int Size, int Link, int EntSize, ulong Flags)>();
        if (Interpreter is not null)
        {
            Layout.InterpOffset = Append(body, Encoding.ASCII.GetBytes(Interpreter + "\0"), 1);
            Layout.InterpSize = Interpreter.Length + 1;
            sections.Add((".interp", 1, Layout.InterpOffset, Layout.InterpSize, 0, 0, 2));
        }
        var dynstr = new List<byte> { 0 };
        int Str(string s) { var at = dynstr.Count; dynstr.AddRange(Encoding.UTF8.GetBytes(s)); dynstr.Add(0); return at; }
        var neededOffs = Needed.Select(Str).ToList();
        var soOff = SoName is null ? -1 : Str(SoName);
        var rpOff = RunPath is null ? -1 : Str(RunPath);
        var symbols = Imports.Select(n => (Str(n), false)).Concat(Defines.Select(n => (Str(n), true))).ToList();
        if (dynamic || symbols.Count > 0)
        {
            Layout.DynStrOffset = Append(body, dynstr.ToArray(), 8);
            Layout.DynStrSize = dynstr.Count;
            sections.Add((".dynstr", 3, Layout.DynStrOffset, dynstr.Count, 0, 0, 2));
        }
        if (symbols.Count > 0)
        {
            var entSize = Is64 ? 24 : 16;
            var table = new byte[(symbols.Count + 1) * entSize];
            for (var i = 0; i < symbols.Count; i++)
            {
                var e = table.AsSpan((i + 1) * entSize);
                U32(e, 0, (uint)symbols[i].Item1);
                e[Is64 ? 4 : 12] = (1 << 4) | 2; // GLOBAL FUNC
                U16(e, Is64 ? 6 : 14, (ushort)(symbols[i].Item2 ? 1 : 0));
            }
            Layout.DynSymOffset = Append(body, table, 8);
            sections.Add((".dynsym", 11, Layout.DynSymOffset, table.Length, sections.FindIndex(s => s.Name == ".dynstr") + 1, entSize, 2));
            var n = symbols.Count + 1;
            if (Hash == "sysv")
            {
                var h = new byte[(2 + 1 + n) * 4];
                U32(h, 0, 1); U32(h, 4, (uint)n);
                Layout.HashOffset = Append(body, h, 8);
            }
            else if (Hash == "gnu")
            {
                // One bucket starting at symbol 1, one bloom word, a chain whose last entry has the low bit set.
                var h = new byte[16 + W + 4 + (n - 1) * 4];
                U32(h, 0, 1); U32(h, 4, 1); U32(h, 8, 1); U32(h, 12, 6);
                U32(h, 16 + W, 1);
                for (var i = 0; i < n - 1; i++) U32(h, 16 + W + 4 + i * 4, i == n - 2 ? 3u : 2u);
                Layout.HashOffset = Append(body, h, 8);
            }
        }
        if (dynamic)
        {
            var entries = new List<(long, ulong)>();
            entries.AddRange(neededOffs.Select(o => (1L, (ulong)o)));
            if (soOff >= 0) entries.Add((14, (ulong)soOff));
            if (rpOff >= 0) entries.Add((29, (ulong)rpOff));
            entries.Add((5, Base + (ulong)Layout.DynStrOffset));
            entries.Add((10, (ulong)dynstr.Count));
            if (symbols.Count > 0) { entries.Add((6, Base + (ulong)Layout.DynSymOffset)); entries.Add((11, (ulong)(Is64 ? 24 : 16))); }
            if (Hash is not null) entries.Add((Hash == "gnu" ? 0x6ffffef5 : 4, Base + (ulong)Layout.HashOffset));
            if (Flags1 != 0) entries.Add((0x6ffffffb, Flags1));
            entries.Add((0, 0));
            var table = new byte[entries.Count * 2 * W];
            for (var i = 0; i < entries.Count; i++)
            {
                Word(table.AsSpan(i * 2 * W), 0, (ulong)entries[i].Item1);
                Word(table.AsSpan(i * 2 * W), W, entries[i].Item2);
            }
            Layout.DynamicOffset = Append(body, table, 8);
            Layout.DynamicSize = table.Length;
            sections.Add((".dynamic", 6, Layout.DynamicOffset, table.Length, sections.FindIndex(s => s.Name == ".dynstr") + 1, 2 * W, 3));
        }
        if (Notes.Count > 0)
        {
            var notes = new List<byte>();
            foreach (var (name, type, desc) in Notes)
            {
                var n = new byte[12];
                U32(n, 0, (uint)(name.Length + 1));
                U32(n, 4, (uint)desc.Length);
                U32(n, 8, type);
                notes.AddRange(n);
                notes.AddRange(Encoding.ASCII.GetBytes(name + "\0"));
                Pad(notes, (notes.Count + 3) & ~3);
                notes.AddRange(desc);
                Pad(notes, (notes.Count + 3) & ~3);
            }
            Layout.NoteOffset = Append(body, notes.ToArray(), 4);
            Layout.NoteSize = notes.Count;
            sections.Add((".note", 7, Layout.NoteOffset, notes.Count, 0, 0, 2));
        }
        if (GoBuildInfo is not null)
        {
            Layout.GoOffset = Append(body, GoBuildInfo, 16);
            if (!GoInDataSegment)
            {
                sections.Add((".go.buildinfo", 1, Layout.GoOffset, GoBuildInfo.Length, 0, 0, 3));
            }
        }
        Layout.TrailerOffset = Append(body, Trailer, 16);
        if (SectionHeaders)
        {
            var shstr = new List<byte> { 0 };
            var nameOffs = sections.Select(s => { var at = shstr.Count; shstr.AddRange(Encoding.ASCII.GetBytes(s.Name + "\0")); return at; }).ToList();
            var shstrNameOff = shstr.Count;
            shstr.AddRange(".shstrtab\0"u8.ToArray());
            var shstrOff = Append(body, shstr.ToArray(), 1);
            var shentsize = Is64 ? 64 : 40;
            var table = new byte[(sections.Count + 2) * shentsize];
            for (var i = 0; i < sections.Count; i++)
            {
                var s = sections[i];
                WriteSection(table.AsSpan((i + 1) * shentsize), (uint)nameOffs[i], s.Type, s.Flags, Base + (ulong)s.Off, (ulong)s.Off, (ulong)s.Size, (uint)s.Link, (ulong)s.EntSize);
            }
            WriteSection(table.AsSpan((sections.Count + 1) * shentsize), (uint)shstrNameOff, 3, 0, 0, (ulong)shstrOff, (ulong)shstr.Count, 0, 0);
            Layout.ShOff = Append(body, table, 8);
            Layout.ShNum = sections.Count + 2;
            Layout.ShStrNdx = sections.Count + 1;
            Layout.SectionIndex = sections.Select((s, i) => (s.Name, i + 1)).ToDictionary(p => p.Name, p => p.Item2);
        }
        var file = body.ToArray();
        WriteHeader(file, ehsize, phentsize);
        WritePhdrs(file, phentsize, dynamic);
        return file;
    }

    private void WriteHeader(byte[] f, int ehsize, int phentsize)
    {
        f[0] = 0x7f; f[1] = (byte)'E'; f[2] = (byte)'L'; f[3] = (byte)'F';
        f[4] = (byte)(Is64 ? 2 : 1); f[5] = (byte)(BigEndian ? 2 : 1); f[6] = 1; f[7] = OsAbi;
        var s = f.AsSpan();
        U16(s, 16, Type); U16(s, 18, Machine); U32(s, 20, 1);
        var o = Is64 ? 24 : 24;
        Word(s, o, Entry); o += W;
        Word(s, o, (ulong)Layout.PhOff); o += W;
        Word(s, o, (ulong)Layout.ShOff); o += W;
        U32(s, o, 0); o += 4;
        U16(s, o, (ushort)ehsize); U16(s, o + 2, (ushort)phentsize); U16(s, o + 4, (ushort)Layout.PhNum);
        U16(s, o + 6, (ushort)(SectionHeaders ? (Is64 ? 64 : 40) : 0)); U16(s, o + 8, (ushort)Layout.ShNum); U16(s, o + 10, (ushort)Layout.ShStrNdx);
        Layout.EhShEntSize = o + 6;
        Layout.EhShNum = o + 8;
        Layout.EhShStrNdx = o + 10;
        Layout.EhPhEntSize = o + 2;
        Layout.EhPhNum = o + 4;
        Layout.EhPhOff = Is64 ? 32 : 28;
        Layout.EhShOff = Is64 ? 40 : 32;
    }

    private void WritePhdrs(byte[] f, int phentsize, bool dynamic)
    {
        var i = 0;
        void Ph(uint type, uint flags, ulong off, ulong size, ulong align)
        {
            var e = f.AsSpan(Layout.PhOff + i * phentsize, phentsize);
            Layout.Phdr[type == 1 && i > 0 ? 100 : type] = Layout.PhOff + i * phentsize;
            i++;
            U32(e, 0, type);
            if (Is64)
            {
                U32(e, 4, flags); Word(e, 8, off); Word(e, 16, Base + off); Word(e, 24, Base + off); Word(e, 32, size); Word(e, 40, size); Word(e, 48, align);
            }
            else
            {
                Word(e, 4, off); Word(e, 8, Base + off); Word(e, 12, Base + off); Word(e, 16, size); Word(e, 20, size); U32(e, 24, flags); Word(e, 28, align);
            }
        }
        if (Interpreter is not null) Ph(3, 4, (ulong)Layout.InterpOffset, (ulong)Layout.InterpSize, 1);
        Ph(1, GoInDataSegment ? 5u : 7u, 0, (ulong)f.Length, 0x1000);
        if (dynamic) Ph(2, 6, (ulong)Layout.DynamicOffset, (ulong)Layout.DynamicSize, 8);
        if (Notes.Count > 0) Ph(4, 4, (ulong)Layout.NoteOffset, (ulong)Layout.NoteSize, 4);
        if (Tls) Ph(7, 4, 0, 0, 8);
        if (GoInDataSegment) Ph(1, 6, (ulong)Layout.GoOffset, (ulong)(f.Length - Layout.GoOffset), 0x1000);
    }

    private void WriteSection(Span<byte> e, uint name, uint type, ulong flags, ulong addr, ulong off, ulong size, uint link, ulong entsize)
    {
        U32(e, 0, name); U32(e, 4, type);
        if (Is64)
        {
            Word(e, 8, flags); Word(e, 16, addr); Word(e, 24, off); Word(e, 32, size); U32(e, 40, link); Word(e, 48, 1); Word(e, 56, entsize);
        }
        else
        {
            Word(e, 8, flags); Word(e, 12, addr); Word(e, 16, off); Word(e, 20, size); U32(e, 24, link); Word(e, 32, 1); Word(e, 36, entsize);
        }
    }

    private static int Append(List<byte> body, byte[] data, int align)
    {
        Pad(body, (body.Count + align - 1) / align * align);
        var at = body.Count;
        body.AddRange(data);
        return at;
    }

    public void U32(byte[] a, int at, uint v) => U32(a.AsSpan(), at, v);
    public void U16(byte[] a, int at, ushort v) => U16(a.AsSpan(), at, v);
    public void Word(byte[] a, int at, ulong v) => Word(a.AsSpan(), at, v);

    private static void Pad(List<byte> l, int size)
    {
        while (l.Count < size) l.Add(0);
    }

    public void U16(Span<byte> s, int at, ushort v) { if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(s[at..], v); else BinaryPrimitives.WriteUInt16LittleEndian(s[at..], v); }
    public void U32(Span<byte> s, int at, uint v) { if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(s[at..], v); else BinaryPrimitives.WriteUInt32LittleEndian(s[at..], v); }
    public void U64(Span<byte> s, int at, ulong v) { if (BigEndian) BinaryPrimitives.WriteUInt64BigEndian(s[at..], v); else BinaryPrimitives.WriteUInt64LittleEndian(s[at..], v); }
    public void Word(Span<byte> s, int at, ulong v) { if (Is64) U64(s, at, v); else U32(s, at, (uint)v); }
}
