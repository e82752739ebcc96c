using Distill.Layers;

namespace Distill.Base.Closure;

/// <summary>
/// A root directory that every lookup stays inside: paths are resolved component by component,
/// symlinks are followed with absolute targets taken relative to the root and <c>..</c> clamped at
/// it (the semantics of <c>openat2(RESOLVE_IN_ROOT)</c>), so no file outside the root is ever read,
/// whatever a <c>DT_NEEDED</c>, <c>RUNPATH</c> or symlink says (RELIABILITY B1-18, B2-02).
/// </summary>
public sealed class Sysroot
{
    private const int MaxSymlinks = 40; // Linux's own limit (ELOOP)

    public Sysroot(string root)
    {
        var full = Path.GetFullPath(root);
        Root = full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>The root directory on the host.</summary>
    public string Root { get; }

    /// <summary>The host path of a normalized in-root path (which is not resolved further).</summary>
    public string HostPath(string imagePath) => imagePath.Length == 0 ? Root : Path.Combine(Root, imagePath);

    /// <summary>
    /// Resolves <paramref name="path"/> (absolute in the root's terms) to the normalized path of the
    /// object it names, following symlinks in the root. Each symlink crossed is reported to
    /// <paramref name="crossed"/> (its path and verbatim target) so an image can keep the chain.
    /// Returns null when it does not exist or loops.
    /// </summary>
    public string? Resolve(string path, ICollection<(string Path, string Target)>? crossed = null)
    {
        var pending = new Stack<string>(Split(path).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            resolved.Add(part);
            var current = string.Join('/', resolved);
            FileStatus status;
            try
            {
                status = FileStatus.Lstat(HostPath(current));
            }
            catch (IOException)
            {
                return null;
            }
            if (status.Type != HostFileType.Symlink)
            {
                if (pending.Count > 0 && status.Type != HostFileType.Directory)
                {
                    return null;
                }
                continue;
            }
            if (++links > MaxSymlinks)
            {
                return null;
            }
            var target = new FileInfo(HostPath(current)).LinkTarget ?? "";
            crossed?.Add((current, target));
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }
            foreach (var p in Split(target).Reverse())
            {
                pending.Push(p);
            }
        }
        return string.Join('/', resolved);
    }

    /// <summary>True when the path resolves to a regular file in the root.</summary>
    public bool IsFile(string path) => Resolve(path) is { } p && p.Length > 0 && SafeType(p) == HostFileType.Regular;

    /// <summary>True when the path resolves to a directory in the root.</summary>
    public bool IsDirectory(string path) => Resolve(path) is { } p && SafeType(p) == HostFileType.Directory;

    /// <summary>The entries of an in-root directory (names only), sorted; empty when it is not one.</summary>
    public IReadOnlyList<string> List(string path)
    {
        if (Resolve(path) is not { } p || SafeType(p) != HostFileType.Directory)
        {
            return [];
        }
        try
        {
            var names = Directory.GetFileSystemEntries(HostPath(p)).Select(Path.GetFileName).OfType<string>().ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Reads the start (or all, up to <paramref name="max"/>) of a resolved regular file.</summary>
    public byte[]? ReadFile(string resolvedPath, int max)
    {
        if (SafeType(resolvedPath) != HostFileType.Regular)
        {
            return null;
        }
        try
        {
            using var stream = new FileStream(HostPath(resolvedPath), FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = (int)Math.Min(stream.Length, max);
            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            return buffer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private HostFileType SafeType(string resolvedPath)
    {
        try
        {
            return FileStatus.Lstat(HostPath(resolvedPath)).Type;
        }
        catch (IOException)
        {
            return HostFileType.Unknown;
        }
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
