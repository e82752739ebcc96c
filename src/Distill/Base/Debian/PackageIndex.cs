namespace Distill.Base.Debian;

/// <summary>
/// Every package version the configured repositories offer for one architecture (plus
/// <c>Architecture: all</c>), by name and by provided virtual name.
/// </summary>
public sealed class PackageIndex
{
    private readonly Dictionary<string, List<PackageRecord>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(PackageRecord Provider, DependencyAlternative Provided)>> _providers = new(StringComparer.Ordinal);

    public PackageIndex(string architecture) => Architecture = architecture;

    /// <summary>The native architecture (amd64, arm64, ...).</summary>
    public string Architecture { get; }

    /// <summary>Number of package versions indexed.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a package version; other architectures than native and <c>all</c> are ignored, exact duplicates kept once.</summary>
    public void Add(PackageRecord record)
    {
        if (record.Architecture != Architecture && record.Architecture != "all")
        {
            return;
        }
        if (!_byName.TryGetValue(record.Name, out var list))
        {
            _byName[record.Name] = list = [];
        }
        if (list.Any(r => r.Version.CompareTo(record.Version) == 0 && r.Architecture == record.Architecture))
        {
            return; // the same version from a second source: the first (apt's order) wins
        }
        list.Add(record);
        Count++;
        foreach (var p in record.Provides)
        {
            if (!_providers.TryGetValue(p.Name, out var providers))
            {
                _providers[p.Name] = providers = [];
            }
            providers.Add((record, p));
        }
    }

    /// <summary>
    /// Every version of a real package in apt's order of preference with nothing installed: highest pin
    /// priority first (so a NotAutomatic suite like backports yields to the release), then newest.
    /// </summary>
    public IReadOnlyList<PackageRecord> Versions(string name) =>
        _byName.TryGetValue(name, out var list) ? [.. list.OrderByDescending(r => r.PinPriority).ThenByDescending(r => r.Version)] : [];

    /// <summary>Packages that provide <paramref name="name"/>, with the provided version (if any).</summary>
    public IReadOnlyList<(PackageRecord Provider, DependencyAlternative Provided)> Providers(string name) =>
        _providers.TryGetValue(name, out var list) ? list : [];

    /// <summary>The exact record for a name, version and architecture, or null.</summary>
    public PackageRecord? Find(string name, string version, string architecture) =>
        _byName.TryGetValue(name, out var list)
            ? list.FirstOrDefault(r => r.Version.ToString() == version && r.Architecture == architecture)
            : null;
}
