namespace Distill.Base.Debian;

/// <summary>Caps applied while reading a package (RELIABILITY B2-13, B2-20).</summary>
/// <param name="MaxEntries">Entries in one <c>data.tar</c>.</param>
/// <param name="MaxDataBytes">Uncompressed bytes of one <c>data.tar</c> (headers and padding included).</param>
/// <param name="MaxControlBytes">Uncompressed bytes of one <c>control.tar</c>.</param>
/// <param name="MaxPathLength">Characters in one path or link target.</param>
/// <param name="MaxDepth">Components in one path.</param>
public sealed record DebLimits(
    int MaxEntries = 200_000,
    long MaxDataBytes = 4L << 30,
    long MaxControlBytes = 64L << 20,
    int MaxPathLength = 4096,
    int MaxDepth = 256)
{
    /// <summary>The defaults: large enough for any Debian package, small enough to stop a bomb.</summary>
    public static DebLimits Default { get; } = new();
}
