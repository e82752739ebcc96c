namespace Distill.Base.Debian;

/// <summary>The resolver's result: the package set (sorted by name) and the dependencies it dropped.</summary>
public sealed record Resolution(IReadOnlyList<ResolvedPackage> Packages, IReadOnlyList<ExcludedDependency> Excluded);
