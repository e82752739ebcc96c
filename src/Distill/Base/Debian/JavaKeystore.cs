using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Distill.Base.Debian;

/// <summary>
/// Writes the JKS trust store Java reads from <c>/etc/ssl/certs/java/cacerts</c> (what Debian's
/// <c>ca-certificates-java</c> generates with a JVM in its postinst, and distroless with
/// <c>java_keystore</c>). Deterministic: entries sorted by alias, one fixed timestamp. The store
/// password is Java's default, <c>changeit</c>, which only guards integrity.
/// </summary>
public static class JavaKeystore
{
    public const string ImagePath = "etc/ssl/certs/java/cacerts";
    private const uint Magic = 0xFEEDFEED;
    private const int TrustedCertificateTag = 2;

    /// <summary>A JKS file with one trusted-certificate entry per DER certificate.</summary>
    public static byte[] Build(IReadOnlyList<byte[]> derCertificates, long timestampSeconds)
    {
        var entries = derCertificates
            .Select(der => (Alias: Alias(der), Der: der))
            .GroupBy(e => e.Alias, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(e => e.Alias, StringComparer.Ordinal)
            .ToList();
        var body = new MemoryStream();
        WriteUInt32(body, Magic);
        WriteUInt32(body, 2);
        WriteUInt32(body, (uint)entries.Count);
        foreach (var (alias, der) in entries)
        {
            WriteUInt32(body, TrustedCertificateTag);
            WriteUtf(body, alias);
            var ts = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(ts, timestampSeconds * 1000);
            body.Write(ts);
            WriteUtf(body, "X.509");
            WriteUInt32(body, (uint)der.Length);
            body.Write(der);
        }
        // Integrity digest: SHA-1 over the password (UTF-16BE), the fixed salt phrase and the body.
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.BigEndianUnicode.GetBytes("changeit"));
        sha1.AppendData("Mighty Aphrodite"u8);
        sha1.AppendData(body.ToArray());
        body.Write(sha1.GetHashAndReset());
        return body.ToArray();
    }

    // Aliases must be unique and lower case in JKS; the subject hash keeps them short and stable.
    private static string Alias(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        var cn = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(der))[..8];
        var clean = new string(cn.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"debian:{clean}_{fingerprint}";
    }

    private static void WriteUInt32(Stream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        s.Write(b);
    }

    private static void WriteUtf(Stream s, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text); // aliases are ASCII, where modified UTF-8 equals UTF-8
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)bytes.Length);
        s.Write(len);
        s.Write(bytes);
    }
}
