using Distill.Layers;

namespace Distill.Base.Closure;

/// <summary>
/// What the loader would see at run time: the app's own files (at their image paths) laid over a
/// sysroot. Lookups never leave either: app files are matched by exact image path, everything else
/// resolves inside the sysroot.
/// </summary>
public sealed class RootView
{
    private readonly Dictionary<string, LayerEntry> _app;

    public RootView(Sysroot sysroot, IEnumerable<LayerEntry>? appEntries = null)
    {
        Sysroot = sysroot;
        _app = (appEntries ?? []).Where(e => e.Kind == LayerEntryKind.File && e.SourceFile is not null)
            .ToDictionary(e => e.Path, StringComparer.Ordinal);
    }

    public Sysroot Sysroot { get; }

    /// <summary>Resolves a path to (normalized image path, host file, from the app?) or null.</summary>
    public (string Path, string HostPath, bool FromApp)? ResolveFile(string path, ICollection<(string Path, string Target)>? crossed)
    {
        var normalized = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."));
        if (_app.TryGetValue(normalized, out var entry))
        {
            return (normalized, entry.SourceFile!, true);
        }
        var links = new List<(string, string)>();
        var resolved = Sysroot.Resolve(path, links);
        if (resolved is null || resolved.Length == 0 || !Sysroot.IsFile(resolved))
        {
            return null;
        }
        foreach (var l in links)
        {
            crossed?.Add(l);
        }
        return (resolved, Sysroot.HostPath(resolved), false);
    }
}
