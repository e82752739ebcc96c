using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Distill.Base.Debian;
using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

public sealed class JavaKeystoreTests
{
    private static byte[] SelfSigned(string cn)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return cert.Export(X509ContentType.Cert);
    }

    [Fact]
    public void Keytool_reads_every_certificate_as_a_trusted_entry()
    {
        var keytool = Tools.Require("keytool");
        var certs = new[] { SelfSigned("Root One"), SelfSigned("Root Two"), SelfSigned("Root Three") };
        using var dir = new TempDir();
        var store = dir["cacerts"];
        File.WriteAllBytes(store, JavaKeystore.Build(certs, 1700000000));
        var listing = Run.Process(keytool, ["-list", "-keystore", store, "-storepass", "changeit", "-storetype", "JKS"]).AssertSuccess("keytool -list").Stdout;
        Assert.Contains("Your keystore contains 3 entries", listing, StringComparison.Ordinal);
        Assert.Equal(3, listing.Split('\n').Count(l => l.Contains("trustedCertEntry", StringComparison.Ordinal)));
        Assert.Contains("debian:root_two_", listing, StringComparison.Ordinal);
        // A wrong password fails the integrity check, so the digest really covers the content.
        Assert.NotEqual(0, Run.Process(keytool, ["-list", "-keystore", store, "-storepass", "wrongpass", "-storetype", "JKS"]).ExitCode);
    }

    [Fact]
    public void The_keystore_is_deterministic_and_ignores_input_order_and_duplicates()
    {
        var a = SelfSigned("A");
        var b = SelfSigned("B");
        Assert.Equal(JavaKeystore.Build([a, b], 5), JavaKeystore.Build([b, a, b], 5));
        Assert.NotEqual(JavaKeystore.Build([a, b], 5), JavaKeystore.Build([a, b], 6));
    }

    [Fact]
    public void The_bundle_parser_returns_every_certificate_in_order()
    {
        var a = SelfSigned("A");
        var b = SelfSigned("B");
        var pem = $"{new string(PemEncoding.Write("CERTIFICATE", a))}\n{new string(PemEncoding.Write("CERTIFICATE", b))}\n";
        var parsed = CaBundle.Certificates(System.Text.Encoding.ASCII.GetBytes(pem));
        Assert.Equal([a, b], parsed);
    }
}
