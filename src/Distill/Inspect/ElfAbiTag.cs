namespace Distill.Inspect;

/// <summary>The GNU ABI tag note (<c>NT_GNU_ABI_TAG</c>): the OS and the minimum kernel version; glibc's crt1 adds it.</summary>
public sealed record ElfAbiTag(string Os, string KernelVersion);
