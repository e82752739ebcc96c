namespace Distill.Inspect;

/// <summary>ELF gABI constants used by the reader (names as in elf.h).</summary>
internal static class ElfConstants
{
    public const int EI_NIDENT = 16;
    public const byte ELFCLASS32 = 1, ELFCLASS64 = 2;
    public const byte ELFDATA2LSB = 1, ELFDATA2MSB = 2;

    public const ushort ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;

    public const uint PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_TLS = 7;
    public const uint PF_X = 1, PF_W = 2;
    public const ushort PN_XNUM = 0xffff;

    public const uint SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_DYNSYM = 11;
    public const uint SHT_ARM_ATTRIBUTES = 0x70000003;
    public const ushort SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_XINDEX = 0xffff;

    public const long DT_NULL = 0, DT_NEEDED = 1, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6, DT_STRSZ = 10,
        DT_SYMENT = 11, DT_SONAME = 14, DT_RPATH = 15, DT_FLAGS = 30, DT_RUNPATH = 29,
        DT_GNU_HASH = 0x6ffffef5, DT_FLAGS_1 = 0x6ffffffb;
    public const ulong DF_1_PIE = 0x08000000;

    public const byte STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    public const byte STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4, STT_TLS = 6, STT_GNU_IFUNC = 10;

    public const uint NT_GNU_ABI_TAG = 1, NT_GNU_BUILD_ID = 3, NT_GO_BUILD_ID = 4;

    // Loader limits: the kernel refuses more than 64 KiB of program headers and interpreters longer than PATH_MAX.
    public const int MaxProgramHeaderBytes = 65536;
    public const int MaxInterpreterLength = 4096;
    // Caps that bound work on hostile input; real binaries stay far below them.
    public const int MaxSections = 1 << 20;
    public const int MaxDynamicEntries = 1 << 16;
    public const int MaxNeeded = 4096;
    public const int MaxNotes = 4096;
    public const int MaxSymbols = 1 << 22;
    public const int MaxNameLength = 16 * 1024;
    public const long SymbolNameBudget = 32L * 1024 * 1024;
}
