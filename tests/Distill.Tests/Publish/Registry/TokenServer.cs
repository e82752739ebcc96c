using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Distill.Tests.Publish.Registry;

/// <summary>
/// A small distribution token server on 127.0.0.1: checks Basic credentials, grants the requested
/// repository scopes, and signs RS256 JWTs with a key whose certificate the registry trusts
/// (<c>rootcertbundle</c>; the certificate travels in the <c>x5c</c> header).
/// </summary>
internal sealed class TokenServer : IDisposable
{
    public const string Service = "distill-registry";
    public const string Issuer = "distill-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly List<string> _scopes = [];

    private TokenServer(string directory)
    {
        var request = new CertificateRequest("CN=Distill Token Signer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Directory.CreateDirectory(directory);
        CertificatePath = Path.Combine(directory, "token.crt");
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem());
        Port = RegistryServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Realm => $"http://127.0.0.1:{Port}/token";

    public string CertificatePath { get; }

    /// <summary>Every scope list requested, in order.</summary>
    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public static TokenServer Start(string directory) => new(directory);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Handle(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var auth = context.Request.Headers["Authorization"];
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        if (auth != expected)
        {
            context.Response.StatusCode = 401;
            return;
        }
        var scopes = context.Request.QueryString.GetValues("scope") ?? [];
        lock (_scopes)
        {
            _scopes.Add(string.Join(' ', scopes));
        }
        var access = scopes.Select(s => s.Split(':')).Where(p => p.Length == 3 && p[0] == "repository")
            .Select(p => new { type = "repository", name = p[1], actions = p[2].Split(',') }).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new { iss = Issuer, sub = RegistryServer.User, aud = Service, exp = now + 300, nbf = now - 60, iat = now, jti = Guid.NewGuid().ToString("N"), access };
        var signingInput = $"{B64(JsonSerializer.SerializeToUtf8Bytes(header))}.{B64(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = $"{signingInput}.{B64(signature)}";
        var body = JsonSerializer.SerializeToUtf8Bytes(new { token, access_token = token, expires_in = 300, issued_at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) });
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
    }

    private static string B64(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Close();
        _key.Dispose();
        _certificate.Dispose();
    }
}
