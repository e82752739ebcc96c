namespace Distill.Base.Debian;

/// <summary>
/// Resolves <c>Pre-Depends</c> and <c>Depends</c> transitively, as apt would for an installation with
/// nothing installed: alternatives in order (preferring one already chosen), versions compared as
/// dpkg does, virtual packages through <c>Provides</c> (versioned provides honoured), architecture
/// qualifiers <c>:any</c>/<c>:native</c>. One version per package: the first satisfying one in apt's
/// order (highest pin priority, so backports and experimental only when nothing else fits, then newest).
/// A dependency naming a package of the exclusion list is dropped and reported, the distroless way.
/// Conflicts and Breaks are checked on the result (reported, not backtracked); Recommends are not followed.
/// </summary>
public static class Resolver
{
    /// <summary>Resolves <paramref name="roots"/> (<c>name</c> or <c>name=version</c>).</summary>
    /// <param name="withoutDependencies">Roots whose own dependencies are not followed (packages Distill post-processes, like ca-certificates).</param>
    /// <exception cref="DistillException">A root or dependency is missing or unsatisfiable; the message names the chain.</exception>
    public static Resolution Resolve(PackageIndex index, IReadOnlyList<string> roots, IReadOnlySet<string> exclusions, IReadOnlySet<string>? withoutDependencies = null)
    {
        var state = new State(index, exclusions);
        foreach (var root in roots)
        {
            var eq = root.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? root : root[..eq];
            DependencyAlternative wanted;
            if (eq < 0)
            {
                wanted = new DependencyAlternative(name, null, null, null);
            }
            else if (DebVersion.TryParse(root[(eq + 1)..], out var v))
            {
                wanted = new DependencyAlternative(name, null, VersionRelation.Equal, v);
            }
            else
            {
                throw new DistillException(ErrorCode.Usage, $"'{root}' is not NAME or NAME=VERSION");
            }
            if (exclusions.Contains(name))
            {
                throw new DistillException(ErrorCode.DebianResolve, $"'{name}' was asked for but is on the exclusion list");
            }
            state.Satisfy(new DependencyGroup([wanted]), [], followDependencies: withoutDependencies?.Contains(name) != true);
        }
        state.Drain();
        state.CheckConflicts();
        return new Resolution(
            [.. state.Selected.Values.OrderBy(p => p.Record.Name, StringComparer.Ordinal)],
            [.. state.Excluded.Distinct().OrderBy(e => e.Package, StringComparer.Ordinal).ThenBy(e => e.Dependency, StringComparer.Ordinal)]);
    }

    private sealed class State(PackageIndex index, IReadOnlySet<string> exclusions)
    {
        private readonly Queue<ResolvedPackage> _queue = new();

        public Dictionary<string, ResolvedPackage> Selected { get; } = new(StringComparer.Ordinal);
        public List<ExcludedDependency> Excluded { get; } = [];

        public void Drain()
        {
            while (_queue.TryDequeue(out var next))
            {
                foreach (var group in next.Record.PreDepends.Concat(next.Record.Depends))
                {
                    if (group.Alternatives.FirstOrDefault(a => exclusions.Contains(a.Name)) is not null)
                    {
                        Excluded.Add(new ExcludedDependency(next.Record.Name, group.ToString()));
                        continue;
                    }
                    Satisfy(group, next.Chain, followDependencies: true);
                }
            }
        }

        /// <summary>
        /// The set must be co-installable: no chosen package may Conflict with or Break another chosen one
        /// (this resolver does not backtrack, so a conflict is reported with both chains instead).
        /// </summary>
        public void CheckConflicts()
        {
            foreach (var package in Selected.Values.OrderBy(p => p.Record.Name, StringComparer.Ordinal))
            {
                foreach (var conflict in package.Record.Conflicts)
                {
                    var hit = Selected.Values.FirstOrDefault(other => other.Record.Name != package.Record.Name
                        && ((other.Record.Name == conflict.Name && Fits(conflict, other.Record))
                            || (conflict.Relation is null && other.Record.Provides.Any(p => p.Name == conflict.Name))));
                    if (hit is not null)
                    {
                        throw new DistillException(ErrorCode.DebianResolve,
                            $"{package.Record} (needed by {string.Join(" -> ", package.Chain)}) conflicts with {hit.Record} (needed by {string.Join(" -> ", hit.Chain)}) through '{conflict}'");
                    }
                }
            }
        }

        public void Satisfy(DependencyGroup group, IReadOnlyList<string> chain, bool followDependencies)
        {
            if (group.Alternatives.Any(IsSatisfiedBySelection))
            {
                return;
            }
            foreach (var alt in group.Alternatives)
            {
                if (Choose(alt) is { } record)
                {
                    var resolved = new ResolvedPackage(record, [.. chain, record.Name]);
                    Selected[record.Name] = resolved;
                    if (followDependencies)
                    {
                        _queue.Enqueue(resolved);
                    }
                    return;
                }
            }
            throw new DistillException(ErrorCode.DebianResolve, Explain(group, chain));
        }

        private bool IsSatisfiedBySelection(DependencyAlternative alt)
        {
            if (Selected.TryGetValue(alt.Name, out var chosen) && Fits(alt, chosen.Record))
            {
                return true;
            }
            return index.Providers(alt.Name).Any(p => Selected.TryGetValue(p.Provider.Name, out var s) && s.Record == p.Provider && ProvidedFits(alt, p.Provided));
        }

        private PackageRecord? Choose(DependencyAlternative alt)
        {
            if (Selected.ContainsKey(alt.Name))
            {
                return null; // one version per package: the chosen one does not fit this constraint
            }
            if (index.Versions(alt.Name).FirstOrDefault(r => Fits(alt, r)) is { } real)
            {
                return real;
            }
            var providers = index.Providers(alt.Name)
                .Where(p => ProvidedFits(alt, p.Provided) && !exclusions.Contains(p.Provider.Name) && !Selected.ContainsKey(p.Provider.Name))
                .Select(p => p.Provider)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ThenByDescending(p => p.PinPriority)
                .ThenByDescending(p => p.Version)
                .ToList();
            return providers.FirstOrDefault();
        }

        private bool Fits(DependencyAlternative alt, PackageRecord r) =>
            alt.Accepts(r.Version) && ArchitectureFits(alt, r);

        private bool ArchitectureFits(DependencyAlternative alt, PackageRecord r) => alt.ArchQualifier switch
        {
            null or "native" => true, // the index only holds native and 'all' packages
            "any" => r.MultiArch is "allowed" or "foreign" || r.Architecture == "all",
            var arch => arch == index.Architecture,
        };

        private static bool ProvidedFits(DependencyAlternative alt, DependencyAlternative provided) =>
            alt.Relation is null || (provided.Relation == VersionRelation.Equal && alt.Accepts(provided.Version));

        private string Explain(DependencyGroup group, IReadOnlyList<string> chain)
        {
            var via = chain.Count == 0 ? "requested" : $"needed by {string.Join(" -> ", chain)}";
            var reasons = group.Alternatives.Select(alt =>
            {
                if (Selected.TryGetValue(alt.Name, out var chosen))
                {
                    return $"{alt}: {alt.Name} {chosen.Record.Version} was already chosen (for {string.Join(" -> ", chosen.Chain)})";
                }
                var versions = index.Versions(alt.Name);
                if (versions.Count > 0)
                {
                    return $"{alt}: available versions are {string.Join(", ", versions.Select(v => v.Version))}"
                        + (alt.ArchQualifier is { } q && versions.All(v => !ArchitectureFits(alt, v)) ? $" (none usable as :{q})" : "");
                }
                var providers = index.Providers(alt.Name);
                return providers.Count > 0
                    ? $"{alt}: provided only by {string.Join(", ", providers.Select(p => $"{p.Provider.Name} ({p.Provided})"))}, which does not fit"
                    : $"{alt.Name} is in no configured repository for {index.Architecture}";
            });
            return $"cannot satisfy '{group}' ({via}): {string.Join("; ", reasons)}";
        }
    }
}
