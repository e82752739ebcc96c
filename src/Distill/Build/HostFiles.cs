using Distill.Layers;

namespace Distill.Build;

/// <summary>
/// Collects host files for a runtime layer at their host paths, keeping what the host's layout
/// needs to resolve them the same way in the image: symlinked parents (merged /usr: /lib → usr/lib)
/// and symlink chains (libz.so.1 → libz.so.1.2.13) become the same symlinks in the image.
/// </summary>
public sealed class HostFiles
{
    private const int MaxLinks = 40;
    private readonly Dictionary<string, LayerEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>The entries collected so far, by image path.</summary>
    public IReadOnlyCollection<LayerEntry> Entries => _entries.Values;

    /// <summary>True when an entry exists at the absolute image path.</summary>
    public bool Contains(string imagePath) => _entries.ContainsKey(ImagePath.Normalize(imagePath));

    /// <summary>Adds a host path (file, symlink or directory itself) at the same path in the image.</summary>
    /// <exception cref="DistillException">The path is missing or a symlink loop.</exception>
    public void AddHostPath(string hostPath) => Add(Path.GetFullPath(hostPath), 0);

    /// <summary>Adds a host file under another image path (an interpreter at the path the entrypoint names).</summary>
    public void AddFileAs(string hostFile, string imagePath)
    {
        var real = RealPath(hostFile);
        var info = new FileInfo(real);
        Put(LayerEntry.FromFile(ImagePath.Normalize(imagePath), real, ModeOf(real), info.Length));
    }

    /// <summary>The absolute image path where a host file was put, or null.</summary>
    public string? ImagePathOf(string hostPath)
    {
        var real = RealPath(hostPath);
        return _entries.Values.FirstOrDefault(e => e.Kind == LayerEntryKind.File && e.SourceFile == real) is { } entry ? "/" + entry.Path : null;
    }

    /// <summary>Adds an empty directory at an image path.</summary>
    public void AddDirectoryAs(string imagePath) => Put(LayerEntry.Directory(ImagePath.Normalize(imagePath)));

    /// <summary>Adds a whole host directory at its own path, plus the targets of symlinks inside it.</summary>
    public void AddTree(string hostDirectory)
    {
        AddHostPath(hostDirectory);
        var real = RealPath(hostDirectory);
        foreach (var entry in HostTree.Collect(real, real, SymlinkPolicy.KeepVerbatim))
        {
            Put(entry);
            if (entry.Kind == LayerEntryKind.Symlink)
            {
                var target = Path.GetFullPath(entry.LinkTarget!, Path.GetDirectoryName("/" + entry.Path)!);
                if (Path.Exists(target))
                {
                    Add(target, 1);
                }
            }
        }
    }

    /// <summary>Resolves every symlink in a host path (realpath(3)).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        for (var i = 0; i < MaxLinks; i++)
        {
            var (link, rest) = FirstLink(full);
            if (link is null)
            {
                return full;
            }
            full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link) ?? "/", new FileInfo(link).LinkTarget!) + rest);
        }
        throw new DistillException(ErrorCode.InputLoop, $"'{path}' is a symlink loop");
    }

    /// <summary>The first component of <paramref name="path"/> that is a symlink, and the rest after it.</summary>
    private static (string? Link, string Remainder) FirstLink(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "";
        for (var i = 0; i < parts.Length; i++)
        {
            current += "/" + parts[i];
            if (new FileInfo(current).LinkTarget is not null)
            {
                return (current, i + 1 < parts.Length ? "/" + string.Join('/', parts[(i + 1)..]) : "");
            }
        }
        return (null, "");
    }

    private void Add(string path, int depth)
    {
        if (depth > MaxLinks)
        {
            throw new DistillException(ErrorCode.InputLoop, $"'{path}' is a symlink loop");
        }
        var (link, rest) = FirstLink(path);
        if (link is not null)
        {
            var target = new FileInfo(link).LinkTarget!;
            Put(LayerEntry.Symlink(ImagePath.Normalize(link), target));
            Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link) ?? "/", target)) + rest, depth + 1);
            return;
        }
        if (Directory.Exists(path))
        {
            Put(LayerEntry.Directory(ImagePath.Normalize(path)));
            return;
        }
        if (!File.Exists(path))
        {
            throw new DistillException(ErrorCode.InputNotFound, $"runtime file '{path}' does not exist on this host");
        }
        Put(LayerEntry.FromFile(ImagePath.Normalize(path), path, ModeOf(path), new FileInfo(path).Length));
    }

    /// <summary>Adds an entry unless its path is taken (the first entry for a path wins).</summary>
    public void Put(LayerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.TryAdd(entry.Path, entry);
    }

    private static UnixFileMode ModeOf(string path) =>
        (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0 ? LayerEntry.ExecutableMode : LayerEntry.RegularMode;
}
