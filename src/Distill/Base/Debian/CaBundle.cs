using System.Text;

namespace Distill.Base.Debian;

/// <summary>
/// Builds <c>/etc/ssl/certs/ca-certificates.crt</c> from the <c>ca-certificates</c> package as
/// <c>update-ca-certificates</c> does on a fresh install: every <c>*.crt</c> under
/// <c>/usr/share/ca-certificates</c>, in byte order of the relative path (its postinst sorts with
/// LC_ALL=C), each ending with a newline.
/// </summary>
public static class CaBundle
{
    public const string SourceDirectory = "usr/share/ca-certificates/";

    /// <summary>The bundle bytes for the package's entries.</summary>
    /// <exception cref="DistillException">The package holds no certificates.</exception>
    public static byte[] Build(DebPackageContents caCertificates)
    {
        var certs = caCertificates.Entries
            .Where(e => e.Type is DebEntryType.File or DebEntryType.HardLink && e.Content is not null
                && e.Path.StartsWith(SourceDirectory, StringComparison.Ordinal) && e.Path.EndsWith(".crt", StringComparison.Ordinal))
            .OrderBy(e => e.Path[SourceDirectory.Length..], Oci.Utf8Ordinal.Instance)
            .ToList();
        if (certs.Count == 0)
        {
            throw new DistillException(ErrorCode.Debian, $"{caCertificates.Name} {caCertificates.Version} holds no certificates under /{SourceDirectory}");
        }
        var bundle = new MemoryStream();
        foreach (var cert in certs)
        {
            var bytes = File.ReadAllBytes(cert.Content!.FilePath);
            bundle.Write(bytes);
            if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
            {
                bundle.WriteByte((byte)'\n');
            }
        }
        return bundle.ToArray();
    }

    /// <summary>The DER certificates of a PEM bundle, in order.</summary>
    public static IReadOnlyList<byte[]> Certificates(ReadOnlySpan<byte> pemBundle)
    {
        const string begin = "-----BEGIN CERTIFICATE-----";
        const string end = "-----END CERTIFICATE-----";
        var text = Encoding.ASCII.GetString(pemBundle);
        var result = new List<byte[]>();
        for (var i = text.IndexOf(begin, StringComparison.Ordinal); i >= 0; i = text.IndexOf(begin, i + 1, StringComparison.Ordinal))
        {
            var stop = text.IndexOf(end, i, StringComparison.Ordinal);
            if (stop < 0)
            {
                break;
            }
            result.Add(Convert.FromBase64String(text[(i + begin.Length)..stop].Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Trim()));
        }
        return result;
    }
}
