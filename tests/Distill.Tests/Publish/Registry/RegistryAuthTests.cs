using System.Collections.Concurrent;
using System.Text;
using Distill.Images;
using Distill.Publish.Registry;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>Push and pull against the real registry with htpasswd Basic auth, TLS from a test CA, and token auth.</summary>
public sealed class RegistryAuthTests
{
    private static RegistryCredential Creds => new(RegistryServer.User, RegistryServer.Password) { Origin = "the test" };

    [Fact]
    public async Task Htpasswd_PushWithConfigFileCredentials_SkopeoReadsItBack()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Htpasswd);
        using var dir = new TempDir();
        var authFile = dir.Write("auth.json",
            $"{{\"auths\":{{\"{server.Host}\":{{\"auth\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"))}\"}}}}}}");
        var image = await TestImages.CreateAsync(dir.Path, seed: 21);
        var log = new ConcurrentQueue<string>();
        var options = Options(log: log) with { Credentials = new CredentialStore([authFile], new CredentialHelper()) };
        await PushAsync(image, $"{server.Host}/basic/app:1", options);

        Assert.Equal(image.Manifest.Digest.ToString(),
            SkopeoRawDigest($"{server.Host}/basic/app:1", "--tls-verify=false", "--creds", $"{RegistryServer.User}:{RegistryServer.Password}"));
        var pulled = await PullAsync($"{server.Host}/basic/app:1", Options() with { Credential = Creds });
        Assert.Equal(image.Manifest.Digest, pulled.Root.Digest);
        Assert.DoesNotContain(log, l => l.Contains(RegistryServer.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Htpasswd_WrongOrMissingCredentials_FailWithAnAuthError()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Htpasswd);
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, seed: 22);
        var none = await Assert.ThrowsAsync<DistillException>(() => PushAsync(image, $"{server.Host}/basic/app:1", Options()));
        Assert.Equal(ErrorCode.RegistryAuth, none.Code);
        var wrong = await Assert.ThrowsAsync<DistillException>(() =>
            PushAsync(image, $"{server.Host}/basic/app:1", Options() with { Credential = new RegistryCredential(RegistryServer.User, "wrong-password-XYZ") }));
        Assert.Equal(ErrorCode.RegistryAuth, wrong.Code);
        Assert.DoesNotContain("wrong-password-XYZ", wrong.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitCredentials_ForAnotherRegistry_AreNotSentHere()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Htpasswd);
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, seed: 23);
        var options = Options() with { Credential = Creds, CredentialRegistry = "127.0.0.1:1" };
        var error = await Assert.ThrowsAsync<DistillException>(() => PushAsync(image, $"{server.Host}/basic/app:1", options));
        Assert.Equal(ErrorCode.RegistryAuth, error.Code);
    }

    [Fact]
    public async Task Tls_WithTheCaInCertDir_Works_WithoutIt_FailsNamingTheCertificate()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.None, tls: true);
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, seed: 24);
        var error = await Assert.ThrowsAsync<DistillException>(() => PushAsync(image, $"{server.Host}/tls/app:1", Options()));
        Assert.Equal(ErrorCode.Network, error.Code);
        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);

        var counting = new CountingHandler(NetworkHandler());
        await PushAsync(image, $"{server.Host}/tls/app:1", Options() with { CertDirectory = server.Tls!.CaDirectory });
        Assert.Equal(image.Manifest.Digest.ToString(), SkopeoRawDigest($"{server.Host}/tls/app:1", "--cert-dir", server.Tls.CaDirectory));

        // --insecure-registry skips verification (still over TLS).
        var pulled = await PullAsync($"{server.Host}/tls/app:1", Options() with { InsecureRegistries = [server.Host] });
        Assert.Equal(image.Manifest.Digest, pulled.Root.Digest);
        _ = counting;
    }

    [Fact]
    public async Task Token_PushPullAndMount_WithScopedBearerTokens()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Token);
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 2, seed: 25);
        var log = new ConcurrentQueue<string>();
        var options = Options(log: log) with { Credential = Creds };
        await PushAsync(image, $"{server.Host}/token/src:1", options);
        Assert.Contains(server.Tokens!.Scopes, s => s.StartsWith("repository:token/src:pull,push", StringComparison.Ordinal));

        var pulled = await PullAsync($"{server.Host}/token/src:1", Options() with { Credential = Creds });
        Assert.Equal(image.Manifest.Digest, pulled.Root.Digest);
        await PushAsync(pulled, $"{server.Host}/token/dest:1", options);
        // The mount asked for both repositories' scopes, the destination first.
        Assert.Contains(server.Tokens.Scopes, s => s == "repository:token/dest:pull,push repository:token/src:pull");

        Assert.Equal(image.Manifest.Digest.ToString(),
            SkopeoRawDigest($"{server.Host}/token/dest:1", "--tls-verify=false", "--creds", $"{RegistryServer.User}:{RegistryServer.Password}"));
        Assert.DoesNotContain(log, l => l.Contains(RegistryServer.Password, StringComparison.Ordinal) || l.Contains("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_WithoutCredentials_FailsClearly()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Token);
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{server.Host}/token/none:1", Options()));
        Assert.Equal(ErrorCode.RegistryAuth, error.Code);
        Assert.Contains("no credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkopeoPushedWithAuth_DistillPullsItWithTheSameDigest()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Htpasswd);
        using var dir = new TempDir();
        var index = await TestImages.CreateIndexAsync(dir.Path);
        await new Distill.Publish.OciLayoutSink(Distill.Publish.ImageLocation.Parse($"oci:{dir["layout"]}:m")).WriteAsync(index, Ct);
        Run.Process(Tools.Require("skopeo"), ["copy", "--all", "--dest-tls-verify=false", "--dest-creds", $"{RegistryServer.User}:{RegistryServer.Password}",
            $"oci:{dir["layout"]}:m", $"docker://{server.Host}/skopeo/multi:m"]).AssertSuccess("skopeo copy --all");
        var pulled = Assert.IsType<IndexArtifact>(await PullAsync($"{server.Host}/skopeo/multi:m", Options() with { Credential = Creds }));
        Assert.Equal(index.Index.Digest, pulled.Index.Digest);
        Assert.Equal(2, pulled.Children.Count);
    }
}
