using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// Entry point of the inspect stage: looks at a file or directory, never executes anything, reads nothing
/// outside the artifact's directory, and reports what it needs and the base chosen for it.
/// </summary>
public static class ArtifactInspector
{
    private const int HeadBytes = 512;

    /// <summary>Analyses <paramref name="path"/>. Inputs it cannot analyse give <see cref="ArtifactFormat.Unknown"/> with a <see cref="ArtifactReport.Problem"/>.</summary>
    /// <exception cref="DistillException">The path is missing or unreadable, malformed (<see cref="ElfFormatException"/>), or over a limit.</exception>
    public static ArtifactReport Inspect(string path, InspectOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new InspectOptions();
        try
        {
            if (Directory.Exists(path))
            {
                return InspectDirectory(path, options);
            }
            if (!File.Exists(path))
            {
                throw new DistillException(ErrorCode.InputNotFound, $"{path} does not exist");
            }
            // The file asked about, through any symlinks (/usr/bin/python3 -> python3.11): its siblings are those of the target.
            var target = new FileInfo(Path.GetFullPath(path)).ResolveLinkTarget(returnFinalTarget: true);
            if (target is { Exists: false })
            {
                throw new DistillException(ErrorCode.InputNotFound, $"{path} is a symlink to {target.FullName}, which does not exist");
            }
            var full = target?.FullName ?? Path.GetFullPath(path);
            return InspectFile(path, full, new ArtifactRoot(Path.GetDirectoryName(full)!), options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.InputUnreadable, $"{path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Analyses the bytes of one ELF file with no file system access (no sibling runtimeconfig.json or
    /// libraries): for ELF files found inside images, and for the fuzzer.
    /// </summary>
    /// <exception cref="DistillException">The bytes are malformed (<see cref="ElfFormatException"/>) or not a program or library.</exception>
    public static ArtifactReport InspectElf(byte[] data, string name, InspectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ElfAnalysis.Analyze(name, data, null, options ?? new InspectOptions());
    }

    private static ArtifactReport InspectDirectory(string path, InspectOptions options)
    {
        var root = new ArtifactRoot(path);
        ArtifactReport entry;
        string name;
        string why;
        try
        {
            (name, why) = EntryPoint.Find(root, options);
            entry = InspectFile(Path.Combine(path, name), root.File(name)!, root, options);
        }
        catch (DistillException e) when (e.Code == ErrorCode.UnknownArtifact)
        {
            return Unknown(path, ArtifactFormat.Directory, e.Message);
        }
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["entrypoint.why"] = why };
        foreach (var (k, v) in entry.Details)
        {
            details[k] = v;
        }
        return entry with { Path = path, Format = ArtifactFormat.Directory, EntryPoint = name, Details = details };
    }

    private static ArtifactReport InspectFile(string shown, string full, ArtifactRoot root, InspectOptions options)
    {
        var head = ArtifactRoot.ReadHead(full, HeadBytes);
        if (head.Length == 0)
        {
            return Unknown(shown, ArtifactFormat.Unknown, $"{shown} is empty or not a regular file");
        }
        try
        {
            if (ElfReader.IsElf(head))
            {
                var data = ArtifactRoot.ReadFile(full, options.MaxFileBytes)
                    ?? throw new DistillException(ErrorCode.LimitExceeded, $"{shown} is larger than the {options.MaxFileBytes} bytes analyze reads");
                return ElfAnalysis.Analyze(shown, data, root, options);
            }
            if (ScriptAnalysis.Recognizes(full, head))
            {
                return ScriptAnalysis.Analyze(shown, head, root);
            }
            if (full.EndsWith(".jar", StringComparison.OrdinalIgnoreCase) && head is [(byte)'P', (byte)'K', 3, 4, ..])
            {
                return JarAnalysis.Analyze(full, root) with { Path = shown };
            }
            if (DotnetAssemblyAnalysis.LooksLikePe(head))
            {
                return DotnetAssemblyAnalysis.Analyze(full, root, options) with { Path = shown };
            }
        }
        catch (DistillException e) when (e.Code == ErrorCode.UnknownArtifact)
        {
            return Unknown(shown, ArtifactFormat.Unknown, e.Message);
        }
        return Unknown(shown, ArtifactFormat.Unknown, $"{shown} is not an ELF file, script, jar or .NET assembly (it looks like {Sniff(head)})");
    }

    private static ArtifactReport Unknown(string path, ArtifactFormat format, string problem) =>
        new() { Path = path, Format = format, Kind = "unknown", Problem = problem };

    private static string Sniff(ReadOnlySpan<byte> h) => h switch
    {
        [0x1f, 0x8b, ..] => "gzip data",
        [(byte)'P', (byte)'K', 3, 4, ..] => "a zip archive",
        [0x28, 0xb5, 0x2f, 0xfd, ..] => "zstd data",
        [(byte)'B', (byte)'Z', (byte)'h', ..] => "bzip2 data",
        [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', ..] => "xz data",
        [0xca, 0xfe, 0xba, 0xbe, ..] => "a Java class file or a Mach-O universal binary",
        [0xcf, 0xfa, 0xed, 0xfe, ..] or [0xce, 0xfa, 0xed, 0xfe, ..] or [0xfe, 0xed, 0xfa, 0xcf, ..] => "a Mach-O (macOS) binary",
        [0, (byte)'a', (byte)'s', (byte)'m', ..] => "WebAssembly",
        _ when h.Length > 262 && h.Slice(257, 5).SequenceEqual("ustar"u8) => "a tar archive",
        _ when !h.Contains((byte)0) => "a text file without a #! line",
        _ => "data",
    };
}
