using System.Text.RegularExpressions;

namespace Distill.Build;

/// <summary>
/// The loader and shared libraries a set of ELF files needs, found the way ld.so finds them
/// (RPATH, RUNPATH with $ORIGIN, ld.so.conf, the default directories). Interim: it reads the
/// dynamic sections with <c>readelf</c> (reading, never running the binaries) until the shared
/// closure resolver lands in Distill.Base; this class is the one call to swap.
/// </summary>
public static partial class LibraryClosure
{
    private static readonly string[] DefaultDirectories =
        ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"];

    /// <summary>Host paths (as the loader would open them) of the loader and every library needed, sorted.</summary>
    /// <param name="elfFiles">The programs and libraries to start from; non-ELF files are ignored.</param>
    /// <param name="providedRoots">Directories already in the image (a jlink'd JRE): libraries there are followed but not returned.</param>
    /// <exception cref="DistillException">A needed library is not on this host.</exception>
    public static async Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> elfFiles, IReadOnlyList<string> providedRoots,
        IProcessRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var readelf = runner.FindTool("readelf")
            ?? throw new DistillException(ErrorCode.ToolchainMissing, $"'readelf' is not installed: {Tools.Readelf.Install}");
        var searchDirs = LdSoConfDirectories().Concat(DefaultDirectories).Distinct(StringComparer.Ordinal).ToList();
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = elfFiles.Select(HostFiles.RealPath).Where(IsElf).ToList();
        // A library the program loads itself (the JVM's libjvm.so, by full path) satisfies later NEEDED entries by its name.
        var loaded = pending.Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            pending = pending.Where(seen.Add).ToList();
            if (pending.Count == 0)
            {
                break;
            }
            var output = await runner.RunAsync(new ProcessSpec(readelf, ["-W", "-l", "-d", .. pending], "/"), cancellationToken).ConfigureAwait(false);
            var next = new List<string>();
            foreach (var (file, info) in Parse(output.Stdout, pending))
            {
                if (info.Interpreter is { } interp)
                {
                    result.Add(interp);
                    next.Add(HostFiles.RealPath(interp));
                }
                foreach (var needed in info.Needed.Where(n => !loaded.Contains(n)))
                {
                    var found = Find(needed, file, info, searchDirs)
                        ?? throw new DistillException(ErrorCode.LibraryNotFound, $"'{file}' needs '{needed}', which is not on this host");
                    if (!providedRoots.Any(r => found.StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal)))
                    {
                        result.Add(found);
                    }
                    next.Add(HostFiles.RealPath(found));
                }
            }
            pending = next;
        }
        return [.. result];
    }

    private static string? Find(string needed, string file, DynamicInfo info, List<string> searchDirs)
    {
        if (needed.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(needed) ? needed : null;
        }
        var origin = Path.GetDirectoryName(file)!;
        IEnumerable<string> Expand(IEnumerable<string> dirs) => dirs.Select(d => d.Replace("$ORIGIN", origin, StringComparison.Ordinal).Replace("${ORIGIN}", origin, StringComparison.Ordinal));
        var dirs = (info.RunPath.Count == 0 ? Expand(info.RPath) : []).Concat(Expand(info.RunPath)).Concat(searchDirs);
        return dirs.Select(d => Path.GetFullPath(Path.Combine(d, needed))).FirstOrDefault(File.Exists);
    }

    private static bool IsElf(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']);
    }

    private static List<string> LdSoConfDirectories()
    {
        var dirs = new List<string>();
        var confD = "/etc/ld.so.conf.d";
        if (Directory.Exists(confD))
        {
            foreach (var conf in Directory.EnumerateFiles(confD, "*.conf").Order(StringComparer.Ordinal))
            {
                dirs.AddRange(File.ReadAllLines(conf).Select(l => l.Trim()).Where(l => l.StartsWith('/')));
            }
        }
        return dirs;
    }

    /// <summary>readelf prints "File: X" before each file when given several.</summary>
    private static IEnumerable<(string File, DynamicInfo Info)> Parse(string output, List<string> files)
    {
        var sections = files.Count == 1 ? [(files[0], output)] : FileHeader().Split(output).Skip(1).Chunk(2).Select(c => (c[0].Trim(), c.Length > 1 ? c[1] : ""));
        foreach (var (file, text) in sections)
        {
            var info = new DynamicInfo(
                Interpreter().Match(text) is { Success: true } m ? m.Groups[1].Value : null,
                Entries(text, "NEEDED"),
                Entries(text, "RPATH").SelectMany(p => p.Split(':')).ToList(),
                Entries(text, "RUNPATH").SelectMany(p => p.Split(':')).ToList());
            yield return (file, info);
        }
    }

    private static List<string> Entries(string text, string tag) =>
        Regex.Matches(text, $@"\({tag}\)\s+[^\[]*\[([^\]]*)\]", RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^File: (.+)$", RegexOptions.Multiline)]
    private static partial Regex FileHeader();

    [GeneratedRegex(@"\[Requesting program interpreter: ([^\]]+)\]")]
    private static partial Regex Interpreter();

    private sealed record DynamicInfo(string? Interpreter, List<string> Needed, List<string> RPath, List<string> RunPath);
}
