namespace Distill.Base.Debian;

/// <summary>A package chosen by the resolver and the dependency chain that brought it in.</summary>
public sealed record ResolvedPackage(PackageRecord Record, IReadOnlyList<string> Chain);
