namespace Distill.Base.Debian;

/// <summary>One pinned package of a lock file.</summary>
public sealed record LockedPackage(string Name, string Version, string Architecture, string Sha256, long Size, string Filename, string Url);
