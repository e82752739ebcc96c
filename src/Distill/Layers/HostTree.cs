using System.Text;

namespace Distill.Layers;

/// <summary>How symlinks found inside a host tree are treated.</summary>
public enum SymlinkPolicy
{
    /// <summary>Stored as symlinks; absolute targets, and relative ones that climb above the tree, are errors.</summary>
    StayInside,

    /// <summary>Stored verbatim (system trees such as zoneinfo, whose absolute links are image paths).</summary>
    KeepVerbatim,
}

/// <summary>
/// Turns a host file or directory into layer entries without following any symlink inside it
/// (RELIABILITY B1-01/02), with normalized modes (0755 directories and executables, 0644 other
/// files), owner root, hard links made deterministic (the first path in sorted order holds the
/// content, later ones link to it: B1-07), and FIFOs, sockets and devices refused (B1-06).
/// </summary>
public static class HostTree
{
    private const int MaxDepth = 256;
    private const int MaxEntries = 1_000_000;

    /// <summary>Collects <paramref name="hostPath"/> (file or directory) under <paramref name="imageDirectory"/>.</summary>
    /// <remarks>A file lands at imageDirectory/name; a directory's contents land in imageDirectory.</remarks>
    /// <exception cref="DistillException">Missing or unreadable input, an escaping symlink, or an unsupported file type.</exception>
    public static IReadOnlyList<LayerEntry> Collect(string hostPath, string imageDirectory, SymlinkPolicy policy = SymlinkPolicy.StayInside)
    {
        var root = ResolveInput(hostPath);
        var imageDir = ImagePath.Normalize(imageDirectory);
        var status = Stat(root);
        var entries = new List<LayerEntry>();
        if (status.Type == HostFileType.Directory)
        {
            if (imageDir.Length > 0)
            {
                entries.Add(LayerEntry.Directory(imageDir));
            }
            var walker = new Walker(root, policy, entries);
            walker.Walk(root, imageDir, 0);
            return entries;
        }
        if (status.Type != HostFileType.Regular)
        {
            throw new DistillException(ErrorCode.UnsupportedInput, $"'{hostPath}' is a {Describe(status.Type)}, not a file or directory");
        }
        entries.Add(LayerEntry.FromFile(ImagePath.Combine(imageDir, Path.GetFileName(root)), root, NormalizeMode(status.Mode), status.Size));
        return entries;
    }

    /// <summary>Resolves the user's input path, following symlinks the user named directly (but not loops).</summary>
    public static string ResolveInput(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        try
        {
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !target.Exists)
                {
                    throw new DistillException(ErrorCode.InputNotFound, $"'{hostPath}' is a symlink to '{info.LinkTarget}', which does not exist");
                }
                return target.FullName;
            }
        }
        catch (IOException e)
        {
            throw new DistillException(ErrorCode.InputLoop, $"'{hostPath}' is a symlink loop or cannot be resolved: {e.Message}", e);
        }
        if (!info.Exists)
        {
            throw new DistillException(ErrorCode.InputNotFound, $"'{hostPath}' does not exist");
        }
        return full;
    }

    /// <summary>0755 when any execute bit is set, else 0644.</summary>
    public static UnixFileMode NormalizeMode(uint mode) =>
        (mode & 0b001_001_001) != 0 ? LayerEntry.ExecutableMode : LayerEntry.RegularMode;

    private static FileStatus Stat(string path)
    {
        try
        {
            return FileStatus.Lstat(path);
        }
        catch (IOException e)
        {
            throw new DistillException(ErrorCode.InputUnreadable, e.Message, e);
        }
    }

    private static string Describe(HostFileType type) => type switch
    {
        HostFileType.Fifo => "FIFO (named pipe)",
        HostFileType.Socket => "socket",
        HostFileType.CharDevice => "character device",
        HostFileType.BlockDevice => "block device",
        _ => "special file",
    };

    private sealed class Walker(string root, SymlinkPolicy policy, List<LayerEntry> entries)
    {
        private readonly Dictionary<(ulong Device, ulong Inode), string> _firstLink = [];

        public void Walk(string hostDir, string imageDir, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new DistillException(ErrorCode.LimitExceeded, $"'{hostDir}' is nested more than {MaxDepth} directories deep");
            }
            string[] children;
            try
            {
                children = Directory.GetFileSystemEntries(hostDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DistillException(ErrorCode.InputUnreadable, $"cannot read directory '{hostDir}': {e.Message}", e);
            }
            Array.Sort(children, StringComparer.Ordinal);
            foreach (var child in children)
            {
                var name = Path.GetFileName(child);
                if (name.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    throw new DistillException(ErrorCode.UnsupportedInput, $"'{child}' has a name that is not valid UTF-8");
                }
                if (entries.Count >= MaxEntries)
                {
                    throw new DistillException(ErrorCode.LimitExceeded, $"'{root}' holds more than {MaxEntries} entries");
                }
                var imagePath = ImagePath.Combine(imageDir, name);
                var status = Stat(child);
                switch (status.Type)
                {
                    case HostFileType.Directory:
                        entries.Add(LayerEntry.Directory(imagePath));
                        Walk(child, imagePath, depth + 1);
                        break;
                    case HostFileType.Regular:
                        AddFile(child, imagePath, status);
                        break;
                    case HostFileType.Symlink:
                        entries.Add(LayerEntry.Symlink(imagePath, CheckedLinkTarget(child)));
                        break;
                    default:
                        throw new DistillException(ErrorCode.UnsupportedInput, $"'{child}' is a {Describe(status.Type)}; only files, directories and symlinks can go into an image");
                }
            }
        }

        private void AddFile(string hostFile, string imagePath, FileStatus status)
        {
            var mode = NormalizeMode(status.Mode);
            if (status.LinkCount > 1)
            {
                // Children are visited in sorted order, so the first path seen is the same on every run.
                if (_firstLink.TryGetValue((status.Device, status.Inode), out var first))
                {
                    entries.Add(LayerEntry.Hardlink(imagePath, first, mode));
                    return;
                }
                _firstLink[(status.Device, status.Inode)] = imagePath;
            }
            entries.Add(LayerEntry.FromFile(imagePath, hostFile, mode, status.Size));
        }

        private string CheckedLinkTarget(string link)
        {
            var target = new FileInfo(link).LinkTarget ?? "";
            if (policy == SymlinkPolicy.KeepVerbatim)
            {
                return target;
            }
            if (target.Length == 0 || Path.IsPathRooted(target))
            {
                throw new DistillException(ErrorCode.SymlinkEscapesRoot,
                    $"symlink '{link}' -> '{target}' points outside '{root}' (absolute target); use a relative link inside the input");
            }
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, target));
            var rootWithSlash = root.EndsWith('/') ? root : root + "/";
            if (resolved != root && !resolved.StartsWith(rootWithSlash, StringComparison.Ordinal))
            {
                throw new DistillException(ErrorCode.SymlinkEscapesRoot, $"symlink '{link}' -> '{target}' leaves the input root '{root}'");
            }
            return target;
        }
    }
}
