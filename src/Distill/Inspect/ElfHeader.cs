using static Distill.Inspect.ElfConstants;

namespace Distill.Inspect;

/// <summary>The fields of the ELF file header the reader uses, validated against the file length.</summary>
internal readonly record struct ElfHeader(
    bool Is64,
    bool BigEndian,
    byte OsAbi,
    ushort Type,
    ushort Machine,
    ulong Entry,
    ulong PhOff,
    ulong ShOff,
    uint Flags,
    ushort PhEntSize,
    ushort PhNum,
    ushort ShEntSize,
    ushort ShNum,
    ushort ShStrNdx)
{
    public int PhdrSize => Is64 ? 56 : 32;
    public int ShdrSize => Is64 ? 64 : 40;

    /// <summary>Parses and checks <c>e_ident</c> and the header; tables are checked by their readers.</summary>
    public static ElfHeader Parse(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < EI_NIDENT)
        {
            throw new ElfFormatException(source, $"file is {data.Length} bytes, too short for an ELF identification (16 bytes)");
        }
        if (data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new ElfFormatException(source, "bad magic (expected 7f 45 4c 46)");
        }
        var cls = data[4];
        var enc = data[5];
        if (cls is not (ELFCLASS32 or ELFCLASS64))
        {
            throw new ElfFormatException(source, $"EI_CLASS is {cls}, expected 1 (ELF32) or 2 (ELF64)");
        }
        if (enc is not (ELFDATA2LSB or ELFDATA2MSB))
        {
            throw new ElfFormatException(source, $"EI_DATA is {enc}, expected 1 (little endian) or 2 (big endian)");
        }
        var is64 = cls == ELFCLASS64;
        var b = new ElfBytes(data, enc == ELFDATA2MSB, is64, source);
        var size = is64 ? 64 : 52;
        var h = b.Slice(0, (ulong)size, "ELF header");
        return is64
            ? new ElfHeader(true, b.BigEndian, data[7], b.U16(h, 16), b.U16(h, 18), b.U64(h, 24), b.U64(h, 32), b.U64(h, 40),
                b.U32(h, 48), b.U16(h, 54), b.U16(h, 56), b.U16(h, 58), b.U16(h, 60), b.U16(h, 62))
            : new ElfHeader(false, b.BigEndian, data[7], b.U16(h, 16), b.U16(h, 18), b.U32(h, 24), b.U32(h, 28), b.U32(h, 32),
                b.U32(h, 36), b.U16(h, 42), b.U16(h, 44), b.U16(h, 46), b.U16(h, 48), b.U16(h, 50));
    }
}
