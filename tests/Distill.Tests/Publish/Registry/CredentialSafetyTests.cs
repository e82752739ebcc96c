using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Distill.Images;
using Distill.Publish.Registry;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>One test per row of RELIABILITY §B6 (credentials) that concerns registries.</summary>
public sealed class CredentialSafetyTests
{
    private const string Repo = FakeRegistry.Host + "/app";
    private const string Password = "pw-SECRET-1234";

    private static async Task<(FakeRegistry Fake, ImageArtifact Image, TempDir Dir)> SeededAsync(int seed)
    {
        var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: seed);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        return (fake, image, dir);
    }

    private static async Task ReadAllAsync(ILayer layer)
    {
        await using var s = await layer.OpenBlobAsync(Ct);
        await s.CopyToAsync(Stream.Null, Ct);
    }

    [Fact]
    public async Task B6_01_VerboseLog_HasNoTokensPasswordsOrSessionState()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 2, seed: 61);
        var fake = new FakeRegistry { Bearer = true, TokenCredentials = ("user", Password) };
        var log = new ConcurrentQueue<string>();
        await PushAsync(image, $"{Repo}:1", Options(fake, log) with { Credential = new("user", Password) });
        var text = string.Join('\n', log);
        Assert.Contains("→ PUT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-state", text, StringComparison.Ordinal);
        Assert.Contains("_state=REDACTED", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task B6_02_ErrorsCarryingPresignedUrls_AreRedacted()
    {
        var (fake, image, dir) = await SeededAsync(62);
        using var _ = dir;
        var layer = image.Layers[0].Descriptor;
        fake.Intercept = (r, _) =>
        {
            if (r.RequestUri!.Host == "cdn.invalid")
            {
                throw new HttpRequestException($"Response status code does not indicate success: 403 ({r.RequestUri})");
            }
            if (r.Method == HttpMethod.Get && r.RequestUri.AbsolutePath.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal))
            {
                var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
                redirect.Headers.Location = new Uri("https://cdn.invalid/blob?X-Amz-Signature=SIGSECRET&access_token=TOKSECRET&digest=sha256:ab");
                return redirect;
            }
            return null;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake));
        var error = await Assert.ThrowsAsync<DistillException>(() => ReadAllAsync(pulled.Images[0].Layers[0]));
        Assert.DoesNotContain("SIGSECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKSECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("cdn.invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task B6_03_CredentialsGoOnlyToTheirRegistry_NeverToRedirectTargets()
    {
        var (fake, image, dir) = await SeededAsync(63);
        using var _ = dir;
        fake.Basic = ("user", Password);
        var blob = await File.ReadAllBytesAsync(((Distill.Layers.FileLayer)image.Layers[0]).BlobPath, Ct);
        fake.Intercept = (r, _) =>
        {
            if (r.RequestUri!.Host == "other.invalid")
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(blob) };
            }
            if (r.Headers.Authorization is not null && r.RequestUri.AbsolutePath.EndsWith(image.Layers[0].Descriptor.Digest.ToString(), StringComparison.Ordinal))
            {
                var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
                redirect.Headers.Location = new Uri($"https://other.invalid{r.RequestUri.AbsolutePath}");
                return redirect;
            }
            return null;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake) with { Credential = new("user", Password) });
        await ReadAllAsync(pulled.Images[0].Layers[0]);
        Assert.All(fake.Requests.Where(r => r.Url.Host != FakeRegistry.Host), r => Assert.Null(r.Authorization));
    }

    [Theory]
    [InlineData("broken-helper")]
    [InlineData("malformed-config")]
    public async Task B6_04_BrokenCredentialSource_FailsClosed(string kind)
    {
        using var dir = new TempDir();
        var fake = new FakeRegistry { Basic = ("user", Password) };
        var bin = Directory.CreateDirectory(dir["bin"]).FullName;
        dir.Write("bin/docker-credential-distillbroken", "#!/bin/sh\necho 'helper exploded: token=LEAKED' >&2\nexit 3\n", (UnixFileMode)0b111_101_101);
        var config = kind == "broken-helper"
            ? dir.Write("config.json", "{\"credsStore\":\"distillbroken\",\"auths\":{\"registry.invalid\":{\"auth\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"user:{Password}")) + "\"}}}")
            : dir.Write("config.json", "{\"auths\":{\"registry.invalid\": {\"auth\": ");
        var options = Options(fake) with { Credentials = new CredentialStore([config], new CredentialHelper([bin])) };
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", options));
        Assert.Equal(ErrorCode.RegistryAuth, error.Code);
        Assert.DoesNotContain("LEAKED", error.ToString(), StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task CredentialHelpers_AnswerForTheirRegistry_AndNotFoundMeansAnonymous()
    {
        var (fake, _, dir) = await SeededAsync(64);
        using var __ = dir;
        fake.Basic = ("helper-user", Password);
        var bin = Directory.CreateDirectory(dir["bin"]).FullName;
        dir.Write("bin/docker-credential-distillok",
            $"#!/bin/sh\nread server\n[ \"$server\" = \"{FakeRegistry.Host}\" ] || exit 9\necho '{{\"ServerURL\":\"'$server'\",\"Username\":\"helper-user\",\"Secret\":\"{Password}\"}}'\n",
            (UnixFileMode)0b111_101_101);
        dir.Write("bin/docker-credential-distillnone", "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n", (UnixFileMode)0b111_101_101);
        var config = dir.Write("config.json", $"{{\"credHelpers\":{{\"{FakeRegistry.Host}\":\"distillok\"}},\"credsStore\":\"distillnone\"}}");
        var pulled = await PullAsync($"{Repo}:1", Options(fake) with { Credentials = new CredentialStore([config], new CredentialHelper([bin])) });
        Assert.NotNull(pulled);

        var store = new CredentialStore([config], new CredentialHelper([bin]));
        Assert.Null(await store.FindAsync("127.0.0.1:5000", Ct));
    }

    [Fact]
    public async Task B6_05_InsufficientScope_RequestsMergedScopes_RequestScopeFirst_AndTheLoopIsCapped()
    {
        var (fake, image, dir) = await SeededAsync(65);
        using var _ = dir;
        fake.Bearer = true;
        var manifestGets = 0;
        fake.Intercept = (r, _) =>
        {
            if (r.RequestUri!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) && Interlocked.Increment(ref manifestGets) == 1)
            {
                var response = FakeRegistry.Status(HttpStatusCode.Unauthorized, "DENIED");
                response.Headers.WwwAuthenticate.ParseAdd($"Bearer realm=\"https://{FakeRegistry.AuthHost}/token\",service=\"fake\",scope=\"repository:other:pull\",error=\"insufficient_scope\"");
                return response;
            }
            return null;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake));
        Assert.Equal(image.Manifest.Digest, pulled.Root.Digest);
        Assert.Contains("repository:app:pull repository:other:pull", fake.TokenScopes);

        var always = new FakeRegistry { Bearer = true };
        always.Intercept = (r, _) =>
        {
            if (r.RequestUri!.Host == FakeRegistry.AuthHost)
            {
                return null;
            }
            var response = FakeRegistry.Status(HttpStatusCode.Unauthorized, "DENIED");
            response.Headers.WwwAuthenticate.ParseAdd($"Bearer realm=\"https://{FakeRegistry.AuthHost}/token\",service=\"fake\",error=\"insufficient_scope\"");
            return response;
        };
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(always)));
        Assert.Equal(ErrorCode.RegistryAuth, error.Code);
        Assert.InRange(always.TokenScopes.Count, 1, 3);
    }

    [Fact]
    public async Task B6_06_TokenExpiringMidPush_IsRefreshed_AndTheBodyResent()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 2, seed: 66);
        var fake = new FakeRegistry { Bearer = true };
        var puts = 0;
        fake.Intercept = (r, _) =>
        {
            if (r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.Contains("/blobs/uploads/", StringComparison.Ordinal) && Interlocked.Increment(ref puts) == 1)
            {
                fake.ExpireTokens();
            }
            return null;
        };
        await PushAsync(image, $"{Repo}:1", Options(fake) with { Parallelism = 1 });
        Assert.All(image.Layers, l => Assert.True(fake.HasBlob("app", l.Descriptor.Digest)));
        Assert.True(fake.TokenScopes.Count >= 2, "a fresh token was fetched");
        Assert.Contains(fake.Requests, r => r.Method == HttpMethod.Put && r.BodyLength > 0 && r.Url.AbsolutePath.Contains("/blobs/uploads/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task B6_07_RemoteRegistryWithoutTls_IsNeverSpokenToInPlainHttp()
    {
        var fake = new FakeRegistry();
        fake.Intercept = (r, _) => throw new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established");
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(fake) with { Credential = new("user", Password) }));
        Assert.Equal(ErrorCode.Network, error.Code);
        Assert.All(fake.Requests, r => Assert.Equal("https", r.Url.Scheme));
    }

    [Fact]
    public async Task B6_09_SameOriginRedirect_KeepsCredentials()
    {
        var (fake, image, dir) = await SeededAsync(67);
        using var _ = dir;
        fake.Basic = ("user", Password);
        var digest = image.Layers[0].Descriptor.Digest;
        fake.Intercept = (r, _) =>
        {
            if (r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath == $"/v2/app/blobs/{digest}" && r.RequestUri.Query.Length == 0 && r.Headers.Authorization is not null)
            {
                var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
                redirect.Headers.Location = new Uri($"/v2/app/blobs/{digest}?moved=1", UriKind.Relative);
                return redirect;
            }
            return null;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake) with { Credential = new("user", Password) });
        await ReadAllAsync(pulled.Images[0].Layers[0]);
        var moved = Assert.Single(fake.Requests, r => r.Url.Query.Contains("moved=1", StringComparison.Ordinal));
        Assert.NotNull(moved.Authorization);
    }

    [Fact]
    public void Credentials_NeverShowTheirSecretWhenPrinted()
    {
        var c = new RegistryCredential("user", Password) { IdentityToken = "ID-SECRET", Origin = "a test" };
        Assert.DoesNotContain("SECRET", c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", $"{c}", StringComparison.Ordinal);
    }
}
