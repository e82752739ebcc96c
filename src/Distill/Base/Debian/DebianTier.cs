namespace Distill.Base.Debian;

/// <summary>
/// A distroless-equivalent tier: the packages it adds over its parent, the dependencies it drops on
/// purpose, and the container config it sets (KNOWLEDGE.md §4).
/// </summary>
/// <param name="Name">The tier name (<c>static</c>, <c>cc</c>, <c>java17</c>, ...).</param>
/// <param name="Parent">The tier this one builds on, or null for <c>static</c>.</param>
/// <param name="Packages">Packages added at this level (their dependencies follow).</param>
/// <param name="Exclusions">Packages dropped at this level in addition to <see cref="DebianTiers.CommonExclusions"/>.</param>
/// <param name="Entrypoint">The entrypoint, for runtime tiers.</param>
/// <param name="Env">Extra environment (<c>K=V</c>) over PATH and SSL_CERT_FILE.</param>
public sealed record DebianTier(
    string Name,
    string? Parent,
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> Exclusions,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string> Env);
