using Distill.Oci;

namespace Distill.Layers;

/// <summary>
/// The entries of one layer, in their final order: every parent directory present (explicit entries
/// win over implied 0755 ones), sorted by the UTF-8 bytes of the path (so each parent precedes its
/// children), and no path twice (RELIABILITY B1-04: an image layer MUST NOT hold duplicates).
/// </summary>
public sealed class LayerPlan
{
    private readonly Dictionary<string, LayerEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of entries added so far (implied parents not counted).</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an entry; a second entry for the same path is an error unless it is the same directory.</summary>
    /// <exception cref="DistillException">Two different entries map to one image path.</exception>
    public LayerPlan Add(LayerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Path.Length == 0)
        {
            throw new DistillException(ErrorCode.UnsupportedInput, "a layer entry cannot replace the image root '/'");
        }
        if (_entries.TryGetValue(entry.Path, out var existing))
        {
            if (existing.Kind == LayerEntryKind.Directory && entry.Kind == LayerEntryKind.Directory)
            {
                _entries[entry.Path] = entry;
                return this;
            }
            throw new DistillException(ErrorCode.UnsupportedInput,
                $"two inputs map to the image path '/{entry.Path}' ({Describe(existing)} and {Describe(entry)})");
        }
        _entries[entry.Path] = entry;
        return this;
    }

    /// <summary>Adds several entries.</summary>
    public LayerPlan AddRange(IEnumerable<LayerEntry> entries)
    {
        foreach (var e in entries)
        {
            Add(e);
        }
        return this;
    }

    /// <summary>True when the plan holds an entry for this normalized path.</summary>
    public bool Contains(string path) => _entries.ContainsKey(path);

    /// <summary>The entries with implied parents, in tar order.</summary>
    public IReadOnlyList<LayerEntry> ToOrderedList()
    {
        var all = new Dictionary<string, LayerEntry>(_entries, StringComparer.Ordinal);
        foreach (var path in _entries.Keys)
        {
            for (var parent = ImagePath.Parent(path); parent.Length > 0; parent = ImagePath.Parent(parent))
            {
                if (all.TryGetValue(parent, out var p))
                {
                    if (p.Kind != LayerEntryKind.Directory)
                    {
                        throw new DistillException(ErrorCode.UnsupportedInput,
                            $"image path '/{path}' lies under '/{parent}', which is not a directory");
                    }
                    continue;
                }
                all[parent] = LayerEntry.Directory(parent);
            }
        }
        var ordered = all.Values.OrderBy(e => e.Path, Utf8Ordinal.Instance).ToList();
        foreach (var e in ordered.Where(e => e.Kind == LayerEntryKind.Hardlink))
        {
            if (!all.TryGetValue(e.LinkTarget!, out var target) || target.Kind != LayerEntryKind.File
                || Utf8Ordinal.Instance.Compare(target.Path, e.Path) >= 0)
            {
                throw new DistillException(ErrorCode.UnsupportedInput,
                    $"hard link '/{e.Path}' must point to a regular file earlier in the layer, not '/{e.LinkTarget}'");
            }
        }
        return ordered;
    }

    private static string Describe(LayerEntry e) => e.SourceFile is not null ? $"'{e.SourceFile}'" : $"a generated {e.Kind.ToString().ToLowerInvariant()}";
}
