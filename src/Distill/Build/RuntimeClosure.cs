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
    /// <summary>Adds the loader and libraries that <paramref name="roots"/> (image path, host path) need to <paramref name="files"/>.</summary>
    /// <returns>How many library files were added.</returns>
    /// <exception cref="DistillException">A needed library is not on this host.</exception>
    public static int Add(HostFiles files, IReadOnlyList<(string ImagePath, string HostPath)> roots, string sysroot = "/")
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(roots);
        var view = new RootView(new Sysroot(sysroot), files.Entries);
        var result = ClosureResolver.Resolve(view, roots.Select(r => new ClosureRoot(ImagePath.Normalize(r.ImagePath), r.HostPath)).ToList());
        // A library the program loads itself by full path (the JVM's libjvm.so) satisfies NEEDED entries naming it.
        var selfLoaded = roots.Select(r => Path.GetFileName(r.ImagePath)).ToHashSet(StringComparer.Ordinal);
        var missing = result.Missing.FirstOrDefault(m => !selfLoaded.Contains(m.Name) && !m.Reason.StartsWith("dlopen", StringComparison.Ordinal));
        if (missing is not null)
        {
            throw new DistillException(ErrorCode.LibraryNotFound, $"'{missing.Name}' ({missing.Reason}, needed by {missing.NeededBy}) is not on this host");
        }
        var entries = result.ToLayerEntries().ToList();
        foreach (var entry in entries)
        {
            files.Put(entry);
        }
        return entries.Count(e => e.Kind == LayerEntryKind.File);
    }
}
