using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Distill.Tests.Publish.Registry;

/// <summary>A test CA and a server certificate for 127.0.0.1 it signed, written as PEM files.</summary>
internal sealed record TestCertificates(string CaDirectory, string CaCertPath, string ServerCertPath, string ServerKeyPath)
{
    public static TestCertificates Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var caDir = Path.Combine(directory, "ca");
        Directory.CreateDirectory(caDir);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Distill Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);

        var caPath = Path.Combine(caDir, "ca.crt");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        var certPath = Path.Combine(directory, "server.crt");
        File.WriteAllText(certPath, server.ExportCertificatePem());
        var keyPath = Path.Combine(directory, "server.key");
        File.WriteAllText(keyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return new TestCertificates(caDir, caPath, certPath, keyPath);
    }
}
