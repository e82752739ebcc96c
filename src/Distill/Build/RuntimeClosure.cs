using Distill.Base.Closure;
using Distill.Layers;

namespace Distill.Build;

/// <summary>
/// The libraries a runtime's ELF files need, from the host, resolved by the shared closure resolver
/// (Distill.Base.Closure) over the runtime's own files laid on the host root: the one call a
/// runtime layer makes for its closure.
/// </summary>
public static class RuntimeClosure
{
    /// <summary>
    /// Adds the loader and libraries that <paramref name="roots"/> (image path, host path) need to <paramref name="files"/>,
    /// and those the app's own ELF files need (native extensions: a node addon, a Python C extension, a gem's .so).
    /// </summary>
    /// <param name="files">The runtime layer being collected.</param>
    /// <param name="roots">The runtime's ELF files: each must start, so a missing library is an error.</param>
    /// <param name="app">The app layer's entries: its ELF files are loaded only if the app imports them, so what they lack is a note.</param>
    /// <param name="notes">Where those notes go.</param>
    /// <param name="sysroot">Where libraries come from.</param>
    /// <returns>How many library files were added.</returns>
    /// <exception cref="DistillException">A library the runtime needs is not on this host.</exception>
    public static int Add(HostFiles files, IReadOnlyList<(string ImagePath, string HostPath)> roots,
        IReadOnlyList<LayerEntry>? app = null, ICollection<string>? notes = null, string sysroot = "/")
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(roots);
        app ??= [];
        var view = new RootView(new Sysroot(sysroot), [.. files.Entries, .. app]);
        var runtimeRoots = roots.Select(r => new ClosureRoot(ImagePath.Normalize(r.ImagePath), r.HostPath)).ToList();
        var result = ClosureResolver.Resolve(view, [.. runtimeRoots, .. ClosureLayer.ElfRoots(app)], requiredRoots: runtimeRoots.Count);
        // A library the program loads itself by full path (the JVM's libjvm.so) satisfies NEEDED entries naming it.
        var selfLoaded = roots.Select(r => Path.GetFileName(r.ImagePath)).ToHashSet(StringComparer.Ordinal);
        var missing = result.RequiredMissing.FirstOrDefault(m => !selfLoaded.Contains(m.Name) && !m.Reason.StartsWith("dlopen", StringComparison.Ordinal));
        if (missing is not null)
        {
            throw new DistillException(ErrorCode.LibraryNotFound, $"'{missing.Name}' ({missing.Reason}, needed by {missing.NeededBy}) is not on this host");
        }
        foreach (var lacking in result.Missing.Skip(result.RequiredMissing.Count).Where(m => !selfLoaded.Contains(m.Name)))
        {
            notes?.Add($"{lacking.Name} is not on this host ({lacking.Reason}, needed by {lacking.NeededBy}); the app fails if it loads that file");
        }
        var entries = result.ToLayerEntries().ToList();
        foreach (var entry in entries)
        {
            files.Put(entry);
        }
        return entries.Count(e => e.Kind == LayerEntryKind.File);
    }
}
