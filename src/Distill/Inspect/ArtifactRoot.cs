namespace Distill.Inspect;

/// <summary>
/// File access confined to one directory (the analysed directory, or the directory of the analysed file):
/// names are single path components, a symlink is followed only when its final target stays inside the root,
/// and nothing is opened unless it is a non-empty file (so a FIFO or device never blocks a read).
/// </summary>
internal sealed class ArtifactRoot
{
    private const int MaxEntries = 10_000;

    public ArtifactRoot(string directory) => Directory = Path.GetFullPath(directory).TrimEnd('/') is { Length: > 0 } d ? d : "/";

    public string Directory { get; }

    /// <summary>
    /// The full path of <paramref name="relative"/> (a relative path without <c>..</c>) if it is a non-empty
    /// file inside the root, checking every component that is a symlink; else null.
    /// </summary>
    public string? File(string relative)
    {
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (relative.StartsWith('/') || parts.Length == 0 || parts.Length > 32 || parts.Any(p => p == ".."))
        {
            return null;
        }
        var full = Directory;
        foreach (var part in parts.Where(p => p != "."))
        {
            full = Path.Combine(full, part);
            var entry = new FileInfo(full);
            if (entry.LinkTarget is not null && (entry.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } target || !Inside(target.FullName)))
            {
                return null;
            }
        }
        var info = new FileInfo(full);
        return info.Exists && info.Length > 0 ? full : null;
    }

    /// <summary>Reads a file inside the root, or null when it is absent, outside, empty or larger than <paramref name="max"/>.</summary>
    public byte[]? Read(string name, int max) => File(name) is { } path ? ReadFile(path, max) : null;

    /// <summary>True when a directory entry of that name exists inside the root.</summary>
    public bool Exists(string name) => File(name) is not null;

    /// <summary>Top-level entry names (files and links to files inside the root), sorted ordinally, capped.</summary>
    public IReadOnlyList<string> Files()
    {
        var names = new List<string>();
        foreach (var entry in new DirectoryInfo(Directory).EnumerateFileSystemInfos())
        {
            if (names.Count == MaxEntries)
            {
                throw new DistillException(ErrorCode.LimitExceeded, $"{Directory} has more than {MaxEntries} entries; point analyze at the application itself");
            }
            if (File(entry.Name) is not null)
            {
                names.Add(entry.Name);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Reads at most <paramref name="max"/> bytes of a non-empty regular-looking file; null when it is bigger.</summary>
    public static byte[]? ReadFile(string path, long max)
    {
        var length = new FileInfo(path).Length;
        if (length == 0 || length > max)
        {
            return null;
        }
        return ReadHead(path, (int)length);
    }

    /// <summary>The first bytes of a file (fewer when it is shorter); empty for empty files, which are never opened.</summary>
    public static byte[] ReadHead(string path, int count)
    {
        if (new FileInfo(path).Length == 0)
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        return ReadAtMost(stream, count);
    }

    /// <summary>Reads up to <paramref name="max"/> bytes (fewer at the end of the stream).</summary>
    public static byte[] ReadAtMost(Stream stream, int max)
    {
        var buffer = new byte[max];
        var read = 0;
        while (read < max)
        {
            var n = stream.Read(buffer, read, max - read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return read == max ? buffer : buffer[..read];
    }

    private bool Inside(string path) => Directory == "/" || path.StartsWith(Directory + "/", StringComparison.Ordinal);
}
