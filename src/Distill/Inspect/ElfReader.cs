using System.Text;
using Distill.Base;
using static Distill.Inspect.ElfConstants;

namespace Distill.Inspect;

/// <summary>
/// A bounded ELF reader over the bytes of a whole file: ELF32/ELF64, either byte order, any machine.
/// Every offset and size is checked against the file length before use, every loop is capped, nothing is
/// allocated by a size the file declares, and malformed input ends in <see cref="ElfFormatException"/>.
/// What the loader needs (header, program headers, PT_INTERP, PT_DYNAMIC and its strings) must be valid;
/// optional metadata that is inconsistent (symbols, notes, Go build info) is dropped with a warning.
/// It never executes the file.
/// </summary>
public static class ElfReader
{
    /// <summary>True when the bytes start with the ELF magic.</summary>
    public static bool IsElf(ReadOnlySpan<byte> data) => data.Length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F';

    /// <summary>Parses a whole ELF file.</summary>
    /// <param name="data">The complete file contents.</param>
    /// <param name="source">The name used in error messages (usually the path).</param>
    /// <exception cref="ElfFormatException">The bytes are not a well-formed ELF file.</exception>
    public static ElfInfo Read(ReadOnlySpan<byte> data, string source = "input")
    {
        var h = ElfHeader.Parse(data, source);
        var b = new ElfBytes(data, h.BigEndian, h.Is64, source);
        var warnings = new List<string>();
        var sections = ElfTables.ReadSections(b, h, warnings, out var phnum);
        var segments = ElfTables.ReadSegments(b, h, phnum);
        var interpreter = Interpreter(b, segments, warnings);
        var hasInterpSegment = segments.Any(s => s.Type == PT_INTERP);
        var dyn = ElfDynamic.Read(b, segments, sections, warnings);
        var symbols = ElfSymbols.Read(b, sections, segments, dyn, warnings);
        var notes = ElfNotes.Read(b, segments, sections, warnings);
        var go = GoBuildInfoReader.Read(b, sections, segments);
        var hasTls = segments.Any(s => s.Type == PT_TLS);
        var type = h.Type switch { ET_REL => ElfFileType.Relocatable, ET_EXEC => ElfFileType.Executable, ET_DYN => ElfFileType.SharedObject, ET_CORE => ElfFileType.Core, 0 => ElfFileType.None, _ => ElfFileType.Other };
        var isPie = (dyn.Flags1 & DF_1_PIE) != 0;
        var isExecutable = type == ElfFileType.Executable
            || (type == ElfFileType.SharedObject && (isPie || (dyn.SoName is null && (hasInterpSegment || h.Entry != 0))));
        var arch = ElfMachine.Architecture(h.Machine, h.Is64, h.BigEndian);
        var armVariant = h.Machine == 40 && ArmAttributes.CpuArch(b, sections) is { } cpu ? ElfMachine.ArmVariant(cpu) : null;
        if (arch is null)
        {
            warnings.Add($"machine {h.Machine} has no OCI architecture name");
        }
        return new ElfInfo
        {
            Is64 = h.Is64,
            BigEndian = h.BigEndian,
            Type = type,
            Machine = h.Machine,
            OsAbi = h.OsAbi,
            Entry = h.Entry,
            Platform = ElfMachine.Platform(arch, ElfMachine.Os(h.OsAbi, notes.AbiTag), armVariant, go),
            Interpreter = interpreter,
            Needed = dyn.Needed,
            RunPath = dyn.RunPath,
            RPath = dyn.RPath,
            SoName = dyn.SoName,
            DynamicFlags = dyn.Flags,
            DynamicFlags1 = dyn.Flags1,
            HasDynamicSegment = dyn.Present,
            HasTls = hasTls,
            Linkage = LinkageOf(type, isExecutable, hasInterpSegment, dyn),
            IsExecutable = isExecutable,
            BuildId = notes.BuildId,
            AbiTag = notes.AbiTag,
            GoBuildId = notes.GoBuildId,
            Go = go,
            ImportedSymbols = Sorted(symbols.Imported),
            DefinedSymbols = Sorted(symbols.Defined),
            IsStripped = !symbols.HasSymtab,
            Sections = sections.Select(s => s.Name).ToArray(),
            LoadedEnd = LoadedEnd(b, segments),
            Warnings = warnings,
        };
    }

    private static Linkage? LinkageOf(ElfFileType type, bool isExecutable, bool hasInterp, ElfDynamic dyn) => type switch
    {
        _ when hasInterp || dyn.Needed.Count > 0 => Linkage.Dynamic,
        ElfFileType.Executable => Linkage.Static,
        ElfFileType.SharedObject => isExecutable ? Linkage.StaticPie : Linkage.Dynamic,
        _ => null,
    };

    /// <summary>
    /// The first PT_INTERP, held to the kernel's rules (2..PATH_MAX bytes, NUL-terminated): the kernel refuses
    /// to run a file that breaks them, so such a file is malformed rather than guessed at.
    /// </summary>
    private static string? Interpreter(ElfBytes b, ReadOnlySpan<ElfSegment> segments, List<string> warnings)
    {
        string? first = null;
        var count = 0;
        foreach (var s in segments)
        {
            if (s.Type != PT_INTERP || count++ > 0)
            {
                continue;
            }
            if (s.FileSize == 0)
            {
                // objcopy --only-keep-debug files keep the header but not the bytes; nothing runs from them.
                warnings.Add("PT_INTERP has no bytes in the file (a debug-info-only file?); the interpreter is unknown");
                continue;
            }
            if (s.FileSize < 2 || s.FileSize > MaxInterpreterLength)
            {
                throw b.Malformed($"PT_INTERP is {s.FileSize} bytes; the kernel accepts 2 to {MaxInterpreterLength}");
            }
            var bytes = b.Slice(s.Offset, s.FileSize, "PT_INTERP");
            if (bytes[^1] != 0)
            {
                throw b.Malformed("PT_INTERP is not NUL-terminated; the kernel would refuse to run it");
            }
            var nul = bytes.IndexOf((byte)0);
            if (nul == 0)
            {
                throw b.Malformed("PT_INTERP is empty");
            }
            if (nul < bytes.Length - 1)
            {
                warnings.Add("PT_INTERP has bytes after its first NUL; the loader uses the text before it");
            }
            first = Encoding.UTF8.GetString(bytes[..nul]);
            if (!first.StartsWith('/'))
            {
                warnings.Add($"PT_INTERP '{first}' is a relative path: the kernel resolves it against the working directory");
            }
        }
        if (count > 1)
        {
            warnings.Add($"{count} PT_INTERP segments; the kernel uses the first ('{first}')");
        }
        return first;
    }

    private static ulong LoadedEnd(ElfBytes b, ReadOnlySpan<ElfSegment> segments)
    {
        ulong end = 0;
        foreach (var s in segments)
        {
            if (s.Type == PT_LOAD && s.Offset < b.Length)
            {
                end = Math.Max(end, s.Offset + Math.Min(s.FileSize, b.Length - s.Offset));
            }
        }
        return end;
    }

    private static string[] Sorted(HashSet<string> set)
    {
        var a = set.ToArray();
        Array.Sort(a, StringComparer.Ordinal);
        return a;
    }
}
