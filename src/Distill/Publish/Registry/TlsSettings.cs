using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Distill.Publish.Registry;

/// <summary>
/// TLS trust for one registry, like skopeo's <c>--cert-dir</c>: every <c>*.crt</c> is an extra CA,
/// every <c>*.cert</c> with its matching <c>*.key</c> a client certificate. Without a directory,
/// <c>/etc/containers/certs.d/HOST</c> and <c>/etc/docker/certs.d/HOST</c> are read when present.
/// Insecure registries skip verification entirely; nothing else does.
/// </summary>
internal sealed class TlsSettings
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2Collection _clientCertificates = [];
    private readonly bool _skipVerification;

    public TlsSettings(string registry, string? certDirectory, bool insecure)
    {
        _skipVerification = insecure;
        var directories = certDirectory is not null
            ? [certDirectory]
            : new[] { Path.Combine("/etc/containers/certs.d", registry), Path.Combine("/etc/docker/certs.d", registry) }.Where(Directory.Exists).ToArray();
        foreach (var dir in directories)
        {
            Load(dir);
        }
    }

    /// <summary>Set when the last handshake failed because the certificate was not trusted.</summary>
    public string? LastRejection { get; private set; }

    public SslClientAuthenticationOptions ClientOptions() => new()
    {
        RemoteCertificateValidationCallback = Validate,
        ClientCertificates = _clientCertificates.Count > 0 ? _clientCertificates : null,
    };

    private void Load(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw new DistillException(ErrorCode.InputNotFound, $"certificate directory '{dir}' does not exist");
        }
        try
        {
            foreach (var crt in Directory.EnumerateFiles(dir, "*.crt").Order(StringComparer.Ordinal))
            {
                _roots.ImportFromPemFile(crt);
            }
            foreach (var cert in Directory.EnumerateFiles(dir, "*.cert").Order(StringComparer.Ordinal))
            {
                var key = Path.ChangeExtension(cert, ".key");
                if (!File.Exists(key))
                {
                    throw new DistillException(ErrorCode.InputNotFound, $"client certificate '{cert}' has no matching '{Path.GetFileName(key)}'");
                }
                _clientCertificates.Add(X509Certificate2.CreateFromPemFile(cert, key));
            }
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new DistillException(ErrorCode.InputUnreadable, $"cannot read the certificates in '{dir}': {e.Message}", e);
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_skipVerification || errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is not null && _roots.Count > 0 && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            using var leaf = new X509Certificate2(certificate);
            if (custom.Build(leaf))
            {
                return true;
            }
        }
        LastRejection = errors.ToString();
        return false;
    }
}
