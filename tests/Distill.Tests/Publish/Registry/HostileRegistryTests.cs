using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Distill.Images;
using Distill.Oci;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>One test per row of RELIABILITY §B3 (hostile registry responses), through an in-process fake registry.</summary>
public sealed class HostileRegistryTests
{
    private const string Repo = FakeRegistry.Host + "/app";

    private static async Task<(FakeRegistry Fake, ImageArtifact Image, TempDir Dir)> SeededAsync(int layers = 1, int layerBytes = 4096)
    {
        var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers, layerBytes, seed: 31);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        return (fake, image, dir);
    }

    private static HttpResponseMessage Json(byte[] bytes, string contentType)
    {
        var r = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
        r.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return r;
    }

    private static bool IsManifestGet(HttpRequestMessage r) => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal);

    private static bool IsBlobGet(HttpRequestMessage r, Digest d) => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.EndsWith($"/blobs/{d}", StringComparison.Ordinal);

    private static async Task ReadAllAsync(ILayer layer)
    {
        await using var s = await layer.OpenBlobAsync(Ct);
        await s.CopyToAsync(Stream.Null, Ct);
    }

    [Fact]
    public async Task B3_01_PullByDigest_BytesThatHashDifferently_AreRejected()
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        var claimed = Digest.Sha256("something else"u8);
        fake.PutManifest("app", claimed.ToString(), image.ManifestJson.ToArray(), image.Manifest.MediaType);
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}@{claimed}", Options(fake)));
        Assert.Equal(ErrorCode.DigestMismatch, error.Code);
    }

    [Fact]
    public async Task B3_02_PullByTag_WrongDockerContentDigest_IsNotTrusted()
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        fake.Intercept = (r, _) =>
        {
            if (!IsManifestGet(r))
            {
                return null;
            }
            var response = Json(image.ManifestJson.ToArray(), image.Manifest.MediaType);
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest.Sha256("lie"u8).ToString());
            return response;
        };
        var log = new ConcurrentQueue<string>();
        var pulled = await PullAsync($"{Repo}:1", Options(fake, log));
        Assert.Equal(image.Manifest.Digest, pulled.Root.Digest);
        Assert.Contains(log, l => l.Contains("warning", StringComparison.Ordinal) && l.Contains("Docker-Content-Digest", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("different bytes")]
    [InlineData("short body")]
    public async Task B3_03_BlobThatDoesNotMatchItsDescriptor_IsRejected_AndNeverCached(string fault)
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        var layer = image.Layers[0].Descriptor;
        fake.Intercept = (r, _) =>
        {
            if (!IsBlobGet(r, layer.Digest))
            {
                return null;
            }
            var bytes = fault == "short body" ? new byte[layer.Size / 2] : new byte[layer.Size];
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
        };
        var cache = new Distill.Layers.BlobStore(dir["cache"]);
        var pulled = await PullAsync($"{Repo}:1", Options(fake) with { Cache = cache });
        var error = await Assert.ThrowsAsync<DistillException>(() => ReadAllAsync(pulled.Images[0].Layers[0]));
        Assert.True(error.Code is ErrorCode.DigestMismatch or ErrorCode.Network, error.Message);
        Assert.False(cache.Contains(layer.Digest));
        Assert.Empty(Directory.EnumerateFiles(dir["cache"], "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task B3_04_EndlessBlobBody_IsCutAtSizePlusOne()
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        var layer = image.Layers[0].Descriptor;
        var endless = new EndlessStream();
        fake.Intercept = (r, _) => IsBlobGet(r, layer.Digest) ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) } : null;
        var pulled = await PullAsync($"{Repo}:1", Options(fake));
        var error = await Assert.ThrowsAsync<DistillException>(() => ReadAllAsync(pulled.Images[0].Layers[0]));
        Assert.Equal(ErrorCode.DigestMismatch, error.Code);
        Assert.True(endless.Served <= layer.Size + (1 << 17), $"read {endless.Served} bytes of an endless body");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task B3_05_OversizedManifest_IsRejectedWithoutReadingItAll(bool declaresLength)
    {
        var fake = new FakeRegistry();
        var endless = new EndlessStream();
        fake.Intercept = (r, _) =>
        {
            if (!IsManifestGet(r))
            {
                return null;
            }
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
            if (declaresLength)
            {
                response.Content.Headers.ContentLength = 200L * 1024 * 1024;
            }
            return response;
        };
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(fake)));
        Assert.Equal(ErrorCode.LimitExceeded, error.Code);
        Assert.True(endless.Served <= OciJson.MaxDocumentBytes + (1 << 20), $"read {endless.Served} bytes");
        if (declaresLength)
        {
            Assert.Equal(0, endless.Served);
        }
    }

    [Fact]
    public async Task B3_06_HugeErrorAndTokenBodies_AreReadCapped()
    {
        var fake = new FakeRegistry();
        var endless = new EndlessStream();
        fake.Intercept = (r, _) => IsManifestGet(r) ? new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StreamContent(endless) } : null;
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(fake)));
        Assert.True(endless.Served <= 128 * 1024, $"read {endless.Served} bytes of an error body");
        Assert.True(error.Message.Length < 600, error.Message);

        var bearer = new FakeRegistry { Bearer = true };
        var tokenBody = new EndlessStream();
        bearer.Intercept = (r, _) => r.RequestUri!.Host == FakeRegistry.AuthHost ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(tokenBody) } : null;
        var tokenError = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(bearer)));
        Assert.Equal(ErrorCode.RegistryAuth, tokenError.Code);
        Assert.True(tokenBody.Served <= 128 * 1024, $"read {tokenBody.Served} bytes of a token body");
    }

    [Theory]
    [InlineData("both")]
    [InlineData("content-type")]
    [InlineData("duplicate-keys")]
    [InlineData("bad-digest")]
    [InlineData("trailing")]
    public async Task B3_07_08_09_MalformedOrAmbiguousManifests_AreRejected(string kind)
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        var json = Encoding.UTF8.GetString(image.ManifestJson.Span);
        var (body, contentType) = kind switch
        {
            "both" => (json.Insert(1, "\"manifests\":[],"), MediaTypes.OciManifest),
            "content-type" => (json, MediaTypes.DockerManifest),
            "duplicate-keys" => (json.Insert(1, "\"schemaVersion\":2,"), MediaTypes.OciManifest),
            "bad-digest" => (json.Replace(image.Layers[0].Descriptor.Digest.ToString(), "sha256:../../../../etc/passwd", StringComparison.Ordinal), MediaTypes.OciManifest),
            _ => (json + " {}", MediaTypes.OciManifest),
        };
        fake.Intercept = (r, _) => IsManifestGet(r) ? Json(Encoding.UTF8.GetBytes(body), contentType) : null;
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(fake)));
        Assert.Equal(ErrorCode.InvalidImage, error.Code);
        Assert.DoesNotContain(fake.Requests, r => r.Url.AbsolutePath.Contains("..", StringComparison.Ordinal));
    }

    [Fact]
    public async Task B3_10_NestedIndex_IsRejected()
    {
        var fake = new FakeRegistry();
        var inner = new ImageIndex(MediaTypes.OciIndex, []).ToJson();
        var innerDigest = Digest.Sha256(inner);
        fake.PutManifest("app", innerDigest.ToString(), inner, MediaTypes.OciIndex);
        var outer = new ImageIndex(MediaTypes.OciIndex, [new Descriptor(MediaTypes.OciIndex, innerDigest, inner.Length)]).ToJson();
        fake.PutManifest("app", "1", outer, MediaTypes.OciIndex);
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(fake)));
        Assert.Equal(ErrorCode.UnsupportedMediaType, error.Code);
    }

    [Theory]
    [InlineData("http://169.254.169.254/upload")]
    [InlineData("https://10.0.0.7/upload")]
    [InlineData("http://other.invalid/upload")]
    public async Task B3_11_UploadLocation_ToAPrivateOrPlainHttpHost_IsRefused(string location)
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 32);
        var fake = new FakeRegistry();
        fake.Intercept = (r, _) =>
        {
            if (r.Method != HttpMethod.Post)
            {
                return null;
            }
            var response = new HttpResponseMessage(HttpStatusCode.Accepted);
            response.Headers.Location = new Uri(location);
            return response;
        };
        var error = await Assert.ThrowsAsync<DistillException>(() => PushAsync(image, $"{Repo}:1", Options(fake)));
        Assert.Contains("upload location", error.Message, StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.Equal(FakeRegistry.Host, r.Url.Host));
    }

    [Theory]
    [InlineData("http://auth.invalid/token")]
    [InlineData("https://169.254.169.254/token")]
    [InlineData("file:///etc/passwd")]
    public async Task B3_12_BearerRealm_PlainHttpOrPrivate_IsRefused(string realm)
    {
        var fake = new FakeRegistry();
        fake.Intercept = (r, _) =>
        {
            var response = FakeRegistry.Status(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            response.Headers.WwwAuthenticate.ParseAdd($"Bearer realm=\"{realm}\",service=\"fake\"");
            return response;
        };
        var options = Options(fake) with { Credential = new Distill.Publish.Registry.RegistryCredential("user", "pw-SECRET") };
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", options));
        Assert.Contains("token realm", error.Message, StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.Equal(FakeRegistry.Host, r.Url.Host));
    }

    [Fact]
    public async Task B3_13_BlobRedirectedToACdn_IsFollowedWithoutCredentials()
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        fake.Basic = ("user", "pw-SECRET");
        var layer = image.Layers[0];
        var bytes = await File.ReadAllBytesAsync(((Distill.Layers.FileLayer)layer).BlobPath, Ct);
        fake.Intercept = (r, _) =>
        {
            if (r.RequestUri!.Host == "cdn.invalid")
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
            }
            if (IsBlobGet(r, layer.Descriptor.Digest) && r.Headers.Authorization is not null)
            {
                var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
                redirect.Headers.Location = new Uri("https://cdn.invalid/blob?X-Amz-Signature=SIGSECRET");
                return redirect;
            }
            return null;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake) with { Credential = new("user", "pw-SECRET") });
        await ReadAllAsync(pulled.Images[0].Layers[0]);
        var cdn = Assert.Single(fake.Requests, r => r.Url.Host == "cdn.invalid");
        Assert.Null(cdn.Authorization);
        Assert.Contains(fake.Requests, r => r.Url.Host == FakeRegistry.Host && r.Authorization is not null);
    }

    [Theory]
    [InlineData("downgrade")]
    [InlineData("loop")]
    public async Task B3_14_HttpsToHttpRedirects_AndRedirectLoops_AreRefused(string kind)
    {
        var (fake, image, dir) = await SeededAsync();
        using var _ = dir;
        var layer = image.Layers[0].Descriptor;
        fake.Intercept = (r, _) =>
        {
            if (!r.RequestUri!.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal) || r.Method != HttpMethod.Get)
            {
                return null;
            }
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = kind == "downgrade" ? new Uri("http://cdn.invalid/blob") : new Uri($"https://{FakeRegistry.Host}/v2/app/blobs/{layer.Digest}?again={Guid.NewGuid():N}");
            return redirect;
        };
        var error = await Assert.ThrowsAsync<DistillException>(async () => await ReadAllAsync((await PullAsync($"{Repo}:1", Options(fake))).Images[0].Layers[0]));
        Assert.Contains(kind == "downgrade" ? "plain HTTP" : "redirects", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Requests, r => r.Url.Scheme == "http");
        Assert.True(fake.Requests.Count < 40);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Accepted)]
    [InlineData(true, HttpStatusCode.Created)]
    [InlineData(true, HttpStatusCode.Accepted)]
    public async Task B3_15_ChunkRelativeRangesAndPatch201_UploadStillCompletes(bool chunkRelative, HttpStatusCode patchStatus)
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, layerBytes: 20_000, seed: 33);
        var fake = new FakeRegistry { ChunkRelativeRanges = chunkRelative, PatchStatus = patchStatus };
        await PushAsync(image, $"{Repo}:1", Options(fake) with { ChunkSize = 4096 });
        Assert.True(fake.HasBlob("app", image.Layers[0].Descriptor.Digest));
        Assert.True(fake.Count(HttpMethod.Patch, "/blobs/uploads/") >= 3);
    }

    [Fact]
    public async Task B3_16_ChunksRespectTheAdvertisedMinimum()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, layerBytes: 40_000, seed: 34);
        var fake = new FakeRegistry { ChunkMinLength = 10_000 };
        await PushAsync(image, $"{Repo}:1", Options(fake) with { ChunkSize = 1000 });
        var uploads = fake.Requests.Where(r => r.Method == HttpMethod.Patch).GroupBy(r => r.Url.AbsolutePath).ToList();
        Assert.Contains(uploads, u => u.Count() >= 2);
        Assert.All(uploads.SelectMany(u => u.SkipLast(1)), p => Assert.True(p.BodyLength >= 10_000, $"chunk of {p.BodyLength} bytes"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Accepted)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task B3_17_FailedMount_FallsBackToAnUpload(HttpStatusCode mountAnswer)
    {
        var (fake, image, dir) = await SeededAsync(layers: 2);
        using var _ = dir;
        var pulled = await PullAsync($"{Repo}:1", Options(fake));
        fake.Intercept = (r, _) =>
        {
            if (r.Method != HttpMethod.Post || !r.RequestUri!.Query.Contains("mount=", StringComparison.Ordinal))
            {
                return null;
            }
            var response = FakeRegistry.Status(mountAnswer, "DENIED");
            if (mountAnswer == HttpStatusCode.Accepted)
            {
                response.Headers.Location = new Uri($"/v2/dest/blobs/uploads/fallback{Guid.NewGuid():N}", UriKind.Relative);
            }
            return response;
        };
        await PushAsync(pulled, $"{FakeRegistry.Host}/dest:1", Options(fake));
        Assert.All(image.Layers, l => Assert.True(fake.HasBlob("dest", l.Descriptor.Digest)));
        Assert.Equal(2, fake.Requests.Count(r => r.Method == HttpMethod.Post && r.Url.Query.Contains("mount=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task B3_21_AbruptCloseOnUpload_IsDiagnosed_AndNotRetriedForever()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 35);
        var fake = new FakeRegistry();
        fake.Intercept = (r, _) => r.Method == HttpMethod.Post ? throw new HttpRequestException("An error occurred while sending the request.", new IOException("connection closed")) : null;
        var error = await Assert.ThrowsAsync<DistillException>(() => PushAsync(image, $"{Repo}:1", Options(fake) with { Parallelism = 1 }));
        Assert.Equal(ErrorCode.Network, error.Code);
        Assert.Contains("may not exist", error.Message, StringComparison.Ordinal);
        Assert.InRange(fake.Count(HttpMethod.Post, "/blobs/uploads/"), 1, 4);
    }
}

/// <summary>A body that never ends; counts what was read from it.</summary>
internal sealed class EndlessStream() : Distill.Publish.ReadOnlyWrapperStream(null)
{
    private long _served;

    public long Served => Interlocked.Read(ref _served);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        buffer.Span.Fill((byte)'x');
        Interlocked.Add(ref _served, buffer.Length);
        return ValueTask.FromResult(buffer.Length);
    }
}
