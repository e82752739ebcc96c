namespace Distill.Inspect;

/// <summary>One section header; <see cref="Name"/> is empty when the name table is unusable.</summary>
internal readonly record struct ElfSection(
    string Name, uint Type, ulong Flags, ulong Addr, ulong Offset, ulong Size, uint Link, uint Info, ulong EntSize)
{
    /// <summary>Offset of the name in the section name table.</summary>
    public uint NameOffset { get; init; }

    /// <summary>True when the section's bytes lie inside the file (NOBITS sections have none).</summary>
    public bool HasData(ElfBytes bytes) => Type != ElfConstants.SHT_NOBITS && bytes.Fits(Offset, Size);
}
