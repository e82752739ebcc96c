using Distill.Base;
using Distill.Oci;

namespace Distill.Inspect;

/// <summary>What <see cref="ElfReader"/> learned from one ELF file. Lists are sorted or in file order, never null.</summary>
public sealed record ElfInfo
{
    public required bool Is64 { get; init; }
    public required bool BigEndian { get; init; }
    public required ElfFileType Type { get; init; }
    public required ushort Machine { get; init; }
    public required byte OsAbi { get; init; }
    public required ulong Entry { get; init; }

    /// <summary>The OCI platform, or null when the machine has no OCI name.</summary>
    public Platform? Platform { get; init; }

    /// <summary>The loader named by the first <c>PT_INTERP</c>.</summary>
    public string? Interpreter { get; init; }

    /// <summary><c>DT_NEEDED</c> sonames in file order.</summary>
    public IReadOnlyList<string> Needed { get; init; } = [];
    public IReadOnlyList<string> RunPath { get; init; } = [];
    public IReadOnlyList<string> RPath { get; init; } = [];
    public string? SoName { get; init; }
    public ulong DynamicFlags { get; init; }
    public ulong DynamicFlags1 { get; init; }
    public bool HasDynamicSegment { get; init; }
    public bool HasTls { get; init; }

    /// <summary><c>DT_FLAGS_1</c> has <c>DF_1_PIE</c>: a position independent executable, not a library.</summary>
    public bool IsPie => (DynamicFlags1 & ElfConstants.DF_1_PIE) != 0;

    /// <summary>Static, static-pie or dynamic; null for relocatable objects and core files.</summary>
    public Linkage? Linkage { get; init; }

    /// <summary>True for a program (as opposed to a shared library, object or core file).</summary>
    public bool IsExecutable { get; init; }

    /// <summary>The GNU build-id note, lowercase hex.</summary>
    public string? BuildId { get; init; }
    public ElfAbiTag? AbiTag { get; init; }
    public string? GoBuildId { get; init; }
    public GoBuildInfo? Go { get; init; }

    /// <summary>Undefined global/weak symbols (what it imports), sorted ordinally.</summary>
    public IReadOnlyList<string> ImportedSymbols { get; init; } = [];

    /// <summary>Defined symbols from <c>.symtab</c> and <c>.dynsym</c>, sorted ordinally.</summary>
    public IReadOnlyList<string> DefinedSymbols { get; init; } = [];

    /// <summary>No <c>.symtab</c> (what <c>file</c> calls stripped).</summary>
    public bool IsStripped { get; init; }

    /// <summary>End of the last <c>PT_LOAD</c> file image (clamped to the file): bytes past it are not mapped (e.g. a .NET bundle).</summary>
    public ulong LoadedEnd { get; init; }

    /// <summary>Section names in header order (empty when there are no section headers).</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];

    /// <summary>Oddities that did not stop the parse (repeated PT_INTERP, unreadable symbol tables, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when the file imports or defines the symbol.</summary>
    public bool HasSymbol(string name) => SortedContains(ImportedSymbols, name) || SortedContains(DefinedSymbols, name);

    private static bool SortedContains(IReadOnlyList<string> sorted, string name)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = string.CompareOrdinal(sorted[mid], name);
            if (c == 0)
            {
                return true;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return false;
    }
}
