namespace Distill.Base.Debian;

/// <summary>One file listed in a <c>Release</c> file's <c>SHA256</c> field.</summary>
public sealed record ReleaseEntry(string Path, string Sha256, long Size);
