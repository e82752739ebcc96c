namespace Distill.Inspect;

/// <summary><c>e_type</c>.</summary>
public enum ElfFileType
{
    None = 0,
    Relocatable = 1,
    Executable = 2,
    SharedObject = 3,
    Core = 4,
    Other = 0xffff,
}
