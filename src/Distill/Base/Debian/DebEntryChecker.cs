using System.Formats.Tar;

namespace Distill.Base.Debian;

/// <summary>
/// The hostile-archive rules for one package's <c>data.tar</c> (RELIABILITY §B2): normalized in-root
/// paths, nothing below a symlink of the package, hard links only to earlier regular files of the
/// package, no duplicate non-directory paths, no devices or sparse files, and an entry-count cap.
/// </summary>
internal sealed class DebEntryChecker(DebLimits limits, string what)
{
    private readonly Dictionary<string, DebEntry> _byPath = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The accepted entries in archive order.</summary>
    public List<DebEntry> Entries { get; } = [];

    /// <summary>Validates one tar entry; returns the entry to add (content not yet attached) or null to skip it.</summary>
    /// <exception cref="DistillException">The entry breaks a rule.</exception>
    public DebEntry? Check(TarEntry entry)
    {
        if (++_count > limits.MaxEntries)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what}: data.tar has more than {limits.MaxEntries} entries");
        }
        var path = DebPath.Normalize(entry.Name, limits, what);
        var type = entry.EntryType switch
        {
            TarEntryType.Directory => DebEntryType.Directory,
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => DebEntryType.File,
            TarEntryType.SymbolicLink => DebEntryType.Symlink,
            TarEntryType.HardLink => DebEntryType.HardLink,
            _ => throw new DistillException(ErrorCode.Debian, $"{what}: '{DebPath.Show(path)}' is a {entry.EntryType} entry, which a package may not install"),
        };
        if (path.Length == 0)
        {
            if (type != DebEntryType.Directory)
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: an entry of type {type} would replace the image root");
            }
            return null; // "./" itself: the root exists already
        }
        foreach (var ancestor in DebPath.Ancestors(path))
        {
            if (_byPath.TryGetValue(ancestor, out var parent) && parent.Type != DebEntryType.Directory)
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: '{DebPath.Show(path)}' lies below '{ancestor}', which is a {parent.Type.ToString().ToLowerInvariant()}, not a directory");
            }
        }
        if (_byPath.TryGetValue(path, out var existing) && (type != DebEntryType.Directory || existing.Type != DebEntryType.Directory))
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: '{DebPath.Show(path)}' appears twice");
        }
        if (existing is not null)
        {
            return null; // a repeated directory adds nothing
        }
        var mode = (int)entry.Mode & 0xFFF;
        string? link = null;
        DebContent? content = null;
        long size = 0;
        if (type == DebEntryType.Symlink)
        {
            link = entry.LinkName;
            if (string.IsNullOrEmpty(link) || link.Length > limits.MaxPathLength || link.Contains('\0', StringComparison.Ordinal))
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: symlink '{DebPath.Show(path)}' has an empty, NUL-containing or over-long target");
            }
            // Targets are kept verbatim, absolute ones included (B2-04): a symlink is data, and nothing
            // here ever resolves one on the host.
        }
        else if (type == DebEntryType.HardLink)
        {
            link = DebPath.Normalize(entry.LinkName, limits, what);
            if (!_byPath.TryGetValue(link, out var target) || target.Type != DebEntryType.File)
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: hard link '{DebPath.Show(path)}' names '{DebPath.Show(link)}', which is not an earlier regular file of the package");
            }
            content = target.Content;
            size = target.Size;
        }
        return new DebEntry(path, type, mode, entry.Uid, entry.Gid, size, link, content);
    }

    /// <summary>Records an accepted entry.</summary>
    public void Add(DebEntry entry)
    {
        _byPath[entry.Path] = entry;
        Entries.Add(entry);
    }
}
