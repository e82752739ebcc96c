namespace Distill.Build;

/// <summary>
/// Copies a project into the build directory so the toolchain never writes into the user's tree.
/// Skips VCS data and the usual output folders (they are rebuilt), never follows directory symlinks.
/// </summary>
public static class SourceCopy
{
    private const int MaxDepth = 64;

    /// <summary>Folders never copied: VCS data, Distill's own output, and caches and outputs the recipes recreate (not bin/: apps ship scripts there).</summary>
    public static readonly IReadOnlySet<string> Skipped = new HashSet<string>(StringComparer.Ordinal)
    {
        ".git", ".hg", ".svn", BuildRecipe.OutputDirectory, "target", "node_modules", "zig-out", ".zig-cache", "zig-cache", "__pycache__", ".venv", ".gradle", ".dub", "nimcache",
    };

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (created).</summary>
    public static void Copy(string source, string destination) => CopyDirectory(source, destination, 0);

    private static void CopyDirectory(string source, string destination, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"'{source}' is nested more than {MaxDepth} directories deep");
        }
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo dir)
            {
                if (!Skipped.Contains(dir.Name))
                {
                    CopyDirectory(dir.FullName, target, depth + 1);
                }
            }
            else if (entry is FileInfo file && (file.UnixFileMode & (UnixFileMode)0xF000) == 0)
            {
                file.CopyTo(target);
            }
        }
    }
}
