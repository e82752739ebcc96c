using Distill.Layers;

namespace Distill.Base.Closure;

/// <summary>One path of a library closure: a file copied from the root, or a symlink kept as a symlink, with why it is there.</summary>
public sealed record ClosureFile(string Path, LayerEntryKind Kind, string? HostPath, string? LinkTarget, string Reason);

/// <summary>A library that could not be found, and who needed it.</summary>
public sealed record MissingLibrary(string Name, string NeededBy, string Reason);

/// <summary>The result of resolving a closure: files in a stable order, and what is missing.</summary>
public sealed record ClosureResult(IReadOnlyList<ClosureFile> Files, IReadOnlyList<MissingLibrary> Missing, IReadOnlyList<string> Warnings)
{
    /// <summary>What the required roots (the program that runs) miss: these stop it from starting.</summary>
    public IReadOnlyList<MissingLibrary> RequiredMissing { get; init; } = [];

    /// <summary>The files as layer entries (modes normalized, owner root).</summary>
    public IEnumerable<LayerEntry> ToLayerEntries() => Files.Select(f =>
    {
        if (f.Kind == LayerEntryKind.Symlink)
        {
            return LayerEntry.Symlink(f.Path, f.LinkTarget!);
        }
        var status = FileStatus.Lstat(f.HostPath!);
        return LayerEntry.FromFile(f.Path, f.HostPath!, HostTree.NormalizeMode(status.Mode), status.Size);
    });
}
