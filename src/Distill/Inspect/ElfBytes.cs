using System.Buffers.Binary;
using System.Text;

namespace Distill.Inspect;

/// <summary>
/// Bounded, endian-aware reads over a whole ELF file. Every read checks <c>offset + size</c> against the
/// file length in overflow-free <c>ulong</c> arithmetic before touching a byte, and failures become
/// <see cref="ElfFormatException"/> naming the field.
/// </summary>
internal readonly ref struct ElfBytes
{
    public ElfBytes(ReadOnlySpan<byte> data, bool bigEndian, bool is64, string source)
    {
        Data = data;
        BigEndian = bigEndian;
        Is64 = is64;
        Source = source;
    }

    public ReadOnlySpan<byte> Data { get; }
    public bool BigEndian { get; }
    public bool Is64 { get; }
    public string Source { get; }
    public ulong Length => (ulong)Data.Length;
    public int WordSize => Is64 ? 8 : 4;

    /// <summary>True when <paramref name="size"/> bytes at <paramref name="offset"/> lie inside the file (no overflow possible).</summary>
    public bool Fits(ulong offset, ulong size) => offset <= Length && size <= Length - offset;

    /// <summary>The bytes at offset..offset+size, or an exception naming <paramref name="what"/>.</summary>
    public ReadOnlySpan<byte> Slice(ulong offset, ulong size, string what) =>
        Fits(offset, size)
            ? Data.Slice((int)offset, (int)size)
            : throw Malformed($"{what} (offset 0x{offset:x}, size 0x{size:x}) extends past the end of the file ({Length} bytes)");

    public ushort U16(ulong offset, string what) => U16(Slice(offset, 2, what), 0);
    public uint U32(ulong offset, string what) => U32(Slice(offset, 4, what), 0);
    public ulong Word(ulong offset, string what) => Word(Slice(offset, (ulong)WordSize, what), 0);

    public ushort U16(ReadOnlySpan<byte> s, int at) =>
        BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);

    public uint U32(ReadOnlySpan<byte> s, int at) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

    public ulong U64(ReadOnlySpan<byte> s, int at) =>
        BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    /// <summary>An address-sized field: 4 bytes in ELF32, 8 in ELF64.</summary>
    public ulong Word(ReadOnlySpan<byte> s, int at) => Is64 ? U64(s, at) : U32(s, at);

    public ElfFormatException Malformed(string detail) => new(Source, detail);

    /// <summary>
    /// The NUL-terminated string at <paramref name="offset"/> inside <paramref name="table"/>, or null when the
    /// offset is outside the table, no NUL follows within <see cref="ElfConstants.MaxNameLength"/> bytes, or the table ends first.
    /// </summary>
    public static string? CString(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return null;
        }
        var rest = table[(int)offset..];
        var end = rest[..Math.Min(rest.Length, ElfConstants.MaxNameLength)].IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }
}
