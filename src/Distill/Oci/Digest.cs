using System.Security.Cryptography;

namespace Distill.Oci;

/// <summary>
/// A content digest, <c>sha256:</c> followed by 64 lowercase hex characters. Only
/// <see cref="Parse"/>, <see cref="TryParse"/> and the hashing helpers create one, so a digest
/// value is always safe to use as a file name or URL segment (RELIABILITY B3-09).
/// </summary>
public readonly record struct Digest
{
    /// <summary>The only algorithm Distill writes and accepts.</summary>
    public const string Sha256Algorithm = "sha256";
    private const int Sha256HexLength = 64;

    private Digest(string hex) => Hex = hex;

    /// <summary>The algorithm name, always <c>sha256</c>.</summary>
#pragma warning disable CA1822 // an instance property, so call sites read digest.Algorithm
    public string Algorithm => Sha256Algorithm;
#pragma warning restore CA1822

    /// <summary>The 64 lowercase hex characters.</summary>
    public string Hex { get; }

    /// <summary>Parses <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid sha256 digest.</exception>
    public static Digest Parse(ReadOnlySpan<char> text)
    {
        if (TryParse(text, out var digest))
        {
            return digest;
        }
        var shown = text.Length > 80 ? string.Concat(text[..80], "...") : text.ToString();
        var colon = text.IndexOf(':');
        if (colon > 0 && !text[..colon].SequenceEqual(Sha256Algorithm))
        {
            throw new FormatException($"unsupported digest algorithm in '{shown}' (only sha256 is supported)");
        }
        throw new FormatException($"invalid digest '{shown}': expected sha256: and 64 lowercase hex characters");
    }

    /// <summary>Tries to parse <c>sha256:&lt;64 lowercase hex&gt;</c>; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Digest digest)
    {
        digest = default;
        if (text.Length != Sha256Algorithm.Length + 1 + Sha256HexLength
            || !text.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return false;
        }
        var hex = text[(Sha256Algorithm.Length + 1)..];
        foreach (var c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        digest = new Digest(hex.ToString());
        return true;
    }

    /// <summary>Builds a digest from raw 32 hash bytes.</summary>
    public static Digest FromHash(ReadOnlySpan<byte> sha256Hash)
    {
        if (sha256Hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("a sha256 hash is 32 bytes", nameof(sha256Hash));
        }
        return new Digest(Convert.ToHexStringLower(sha256Hash));
    }

    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static Digest Sha256(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    /// <summary>The sha256 digest of a stream read to its end.</summary>
    public static async Task<Digest> Sha256Async(Stream content, CancellationToken cancellationToken)
    {
        var hash = await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);
        return FromHash(hash);
    }

    /// <summary>True when this value was created by a parser or hash (not <c>default</c>).</summary>
    public bool IsValid => Hex is not null;

    /// <inheritdoc/>
    public override string ToString() => IsValid ? $"{Sha256Algorithm}:{Hex}" : "<no digest>";

    /// <summary>The first 12 hex characters, as Docker shows image ids.</summary>
    public string Short => IsValid ? Hex[..12] : "<none>";
}
