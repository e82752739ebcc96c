namespace Distill.Base.Debian;

/// <summary>A dependency dropped on purpose because it names a package of the exclusion list.</summary>
public sealed record ExcludedDependency(string Package, string Dependency);
