namespace Distill.Inspect;

/// <summary>One program header.</summary>
internal readonly record struct ElfSegment(uint Type, uint Flags, ulong Offset, ulong VAddr, ulong FileSize, ulong MemSize, ulong Align);
