using Distill.Base.Debian;
using System.Text;
using Distill.Layers;

namespace Distill.Base.Closure;

/// <summary>
/// Which Debian package owns each file taken from a root (from <c>/var/lib/dpkg/info/*.list</c>),
/// and the <c>/var/lib/dpkg/status.d/&lt;pkg&gt;</c> entries distroless writes so Trivy, Grype and
/// Syft see those packages in the image.
/// </summary>
public sealed class DpkgStatus
{
    private readonly Dictionary<string, string> _owner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Deb822Stanza> _stanzas = new(StringComparer.Ordinal);
    private readonly Sysroot _root;

    private DpkgStatus(Sysroot root) => _root = root;

    /// <summary>Reads the dpkg database of a root; empty when the root has none.</summary>
    public static DpkgStatus Read(Sysroot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var db = new DpkgStatus(root);
        var directories = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in root.List("var/lib/dpkg/info").Where(n => n.EndsWith(".list", StringComparison.Ordinal)))
        {
            var package = name[..^5];
            if (root.Resolve("var/lib/dpkg/info/" + name) is not { } listPath || root.ReadFile(listPath, 16 << 20) is not { } bytes)
            {
                continue;
            }
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                if (line.Length <= 1 || line.EndsWith('/'))
                {
                    continue;
                }
                // Only the directories are resolved: dpkg lists /lib/x86_64-linux-gnu/libc.so.6 and merged-/usr
                // puts it under /usr/lib, but a package's symlink to another package's file stays its own.
                var parent = line[..line.LastIndexOf('/')];
                if (!directories.TryGetValue(parent, out var realParent))
                {
                    realParent = root.Resolve(parent);
                    directories[parent] = realParent;
                }
                if (realParent is not null)
                {
                    var real = realParent.Length == 0 ? line[(line.LastIndexOf('/') + 1)..] : realParent + line[line.LastIndexOf('/')..];
                    db._owner.TryAdd(real, package.Split(':')[0]);
                }
            }
        }
        if (root.Resolve("var/lib/dpkg/status") is { } statusPath && root.ReadFile(statusPath, 64 << 20) is { } status)
        {
            foreach (var stanza in Deb822.Parse(Encoding.UTF8.GetString(status), "/var/lib/dpkg/status"))
            {
                if (stanza["Package"] is { } package && stanza["Status"]?.EndsWith("installed", StringComparison.Ordinal) == true)
                {
                    db._stanzas.TryAdd(package, stanza);
                }
            }
        }
        return db;
    }

    /// <summary>The package owning a resolved in-root path, or null.</summary>
    public string? OwnerOf(string resolvedPath) => _owner.GetValueOrDefault(resolvedPath);

    /// <summary>status.d entries (and md5sums) for the packages owning any of <paramref name="paths"/>.</summary>
    public IReadOnlyList<LayerEntry> StatusEntries(IEnumerable<string> paths)
    {
        var entries = new List<LayerEntry>();
        foreach (var package in paths.Select(OwnerOf).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            if (!_stanzas.TryGetValue(package, out var stanza))
            {
                continue;
            }
            // The same paragraph shape as the Debian tiers': scanners need "Status: install ok installed".
            entries.Add(LayerEntry.FromText($"{Debian.DpkgStatus.Directory}/{package}", Debian.DpkgStatus.StatusText(stanza)));
            foreach (var name in new[] { package + ".md5sums", package + ":" + stanza["Architecture"] + ".md5sums" })
            {
                if (_root.Resolve("var/lib/dpkg/info/" + name) is { } md5 && _root.ReadFile(md5, 16 << 20) is { } bytes)
                {
                    entries.Add(LayerEntry.FromBytes($"{Debian.DpkgStatus.Directory}/{package}.md5sums", bytes));
                    break;
                }
            }
        }
        return entries;
    }
}
