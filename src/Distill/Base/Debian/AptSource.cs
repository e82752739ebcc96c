namespace Distill.Base.Debian;

/// <summary>
/// One binary package repository: a base URI, a suite and its components, and how its
/// <c>Release</c> file is authenticated.
/// </summary>
/// <param name="BaseUri">The archive root (…/debian), without a trailing slash.</param>
/// <param name="Suite">The suite or codename (<c>bookworm</c>, <c>bookworm-security</c>).</param>
/// <param name="Components">Components to index (<c>main</c>).</param>
/// <param name="Architectures">The <c>arch=</c>/<c>Architectures:</c> restriction, or null for any.</param>
/// <param name="SignedBy">Keyring files from <c>signed-by</c>, or empty to use apt's trusted keyrings.</param>
/// <param name="InlineKey">An armored key block given inline in a deb822 <c>Signed-By</c>, or null.</param>
/// <param name="Origin">Where this source was configured, for messages (<c>file:line</c> or <c>--mirror</c>).</param>
public sealed record AptSource(
    string BaseUri,
    string Suite,
    IReadOnlyList<string> Components,
    IReadOnlyList<string>? Architectures,
    IReadOnlyList<string> SignedBy,
    string? InlineKey,
    string Origin)
{
    /// <summary>True when this source serves <paramref name="architecture"/>.</summary>
    public bool Serves(string architecture) => Architectures is null || Architectures.Contains(architecture, StringComparer.Ordinal);

    /// <summary>The URL of a file under <c>dists/SUITE/</c>.</summary>
    public string DistUrl(string relative) => $"{BaseUri}/dists/{Suite}/{relative}";

    /// <summary>The URL of a pool file named by a <c>Filename:</c> field.</summary>
    public string PoolUrl(string filename) => $"{BaseUri}/{filename.TrimStart('/')}";

    public override string ToString() => $"{BaseUri} {Suite} {string.Join(' ', Components)}";
}
