using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Distill.Images;
using Distill.Oci;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>One test per row of RELIABILITY §B4 (network faults) and the registry rows of §B5, through a fake registry.</summary>
public sealed class NetworkFaultTests
{
    private const string Repo = FakeRegistry.Host + "/app";

    private static bool IsUpload(HttpRequestMessage r, HttpMethod method) =>
        r.Method == method && r.RequestUri!.AbsolutePath.Contains("/blobs/uploads/", StringComparison.Ordinal);

    private static async Task<byte[]> ReadAllAsync(ILayer layer)
    {
        await using var s = await layer.OpenBlobAsync(Ct);
        var buffer = new MemoryStream();
        await s.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    [Fact]
    public async Task B4_01_ResetMidDownload_ResumesWithRange_AndVerifiesTheWholeBlob()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, layerBytes: 50_000, seed: 41);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        var layer = image.Layers[0].Descriptor;
        var blob = await File.ReadAllBytesAsync(((Distill.Layers.FileLayer)image.Layers[0]).BlobPath, Ct);
        var failed = 0;
        fake.Intercept = (r, _) =>
        {
            if (r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal) && r.Headers.Range is null && failed++ == 0)
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(blob[..(blob.Length / 2)])) };
                response.Content.Headers.ContentLength = blob.Length;
                return response;
            }
            return null;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake));
        Assert.Equal(blob, await ReadAllAsync(pulled.Images[0].Layers[0]));
        Assert.Contains(fake.Requests, r => r.Range == $"bytes={blob.Length / 2}-");
    }

    [Fact]
    public async Task B4_01_ResetMidChunkedUpload_ResumesFromTheRegistrysOffset()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, layerBytes: 40_000, seed: 42);
        var size = image.Layers[0].Descriptor.Size;
        var fake = new FakeRegistry();
        var patches = 0;
        fake.Intercept = (r, _) => IsUpload(r, HttpMethod.Patch) && Interlocked.Increment(ref patches) == 2
            ? throw new HttpRequestException("connection reset by peer", new IOException("reset")) : null;
        var served = 0;
        fake.FailAfterServe = r => IsUpload(r, HttpMethod.Patch) && Interlocked.Increment(ref served) == 3;
        await PushAsync(image, $"{Repo}:1", Options(fake) with { ChunkSize = 8192, Parallelism = 1 });
        Assert.True(fake.HasBlob("app", image.Layers[0].Descriptor.Digest));
        Assert.True(fake.Count(HttpMethod.Get, "/blobs/uploads/") >= 2, "the uploader asked where to resume");
        var sent = fake.Requests.Where(r => r.Method == HttpMethod.Patch && r.BodyLength > 1000).Sum(r => r.BodyLength);
        Assert.True(sent < 2 * size, $"sent {sent} bytes for a {size}-byte blob: it restarted instead of resuming");
        Assert.Equal(2, fake.Count(HttpMethod.Post, "/blobs/uploads/")); // one session per blob (layer, config): no restart
    }

    [Fact]
    public async Task B4_01_ResetMidMonolithicUpload_RestartsTheSession()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 43);
        var fake = new FakeRegistry();
        var puts = 0;
        fake.Intercept = (r, _) => IsUpload(r, HttpMethod.Put) && Interlocked.Increment(ref puts) == 1
            ? throw new HttpRequestException("broken pipe", new IOException("EPIPE")) : null;
        await PushAsync(image, $"{Repo}:1", Options(fake) with { Parallelism = 1 });
        Assert.True(fake.HasBlob("app", image.Layers[0].Descriptor.Digest));
        Assert.Equal(3, fake.Count(HttpMethod.Post, "/blobs/uploads/"));
    }

    [Fact]
    public async Task B4_02_BodyShorterThanContentLength_IsNeverAccepted()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 44);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        var layer = image.Layers[0].Descriptor;
        fake.Intercept = (r, _) =>
        {
            if (r.Method != HttpMethod.Get || !r.RequestUri!.AbsolutePath.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal))
            {
                return null;
            }
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[10]) };
            response.Content.Headers.ContentLength = layer.Size;
            return response;
        };
        var pulled = await PullAsync($"{Repo}:1", Options(fake));
        var error = await Assert.ThrowsAsync<DistillException>(() => ReadAllAsync(pulled.Images[0].Layers[0]));
        Assert.True(error.Code is ErrorCode.Network or ErrorCode.DigestMismatch, error.Message);
        Assert.InRange(fake.Requests.Count(r => r.Url.AbsolutePath.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal)), 2, 4);
    }

    [Theory]
    [InlineData("headers")]
    [InlineData("trickle")]
    public async Task B4_03_ServerThatStopsAnswering_HitsTheIdleTimeout(string kind)
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 45);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        var layer = image.Layers[0].Descriptor;
        bool IsLayer(HttpRequestMessage r) => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal);
        if (kind == "headers")
        {
            fake.Hang = IsLayer;
        }
        else
        {
            fake.Intercept = (r, _) => IsLayer(r) ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) } : null;
        }
        var options = Options(fake) with { IdleTimeout = TimeSpan.FromMilliseconds(300), Retry = Options().Retry with { MaxAttempts = 2 } };
        var pulled = await PullAsync($"{Repo}:1", options);
        var error = await Assert.ThrowsAsync<DistillException>(() => ReadAllAsync(pulled.Images[0].Layers[0]));
        Assert.Equal(ErrorCode.Network, error.Code);
        Assert.Contains(kind == "headers" ? "no response" : "no data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task B4_03_SlowButMovingUpload_IsNotKilledByTheIdleTimeout()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, layerBytes: 700_000, seed: 46);
        var fake = new FakeRegistry { SlowWrite = TimeSpan.FromMilliseconds(250) }; // ~9 writes: the upload outlasts the idle timeout 2x, each pause stays 4x under it
        var options = Options(fake) with { IdleTimeout = TimeSpan.FromSeconds(1), Retry = Options().Retry with { MaxAttempts = 1 } };
        await PushAsync(image, $"{Repo}:1", options);
        Assert.True(fake.HasBlob("app", image.Layers[0].Descriptor.Digest));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(499)]
    [InlineData(522)]
    public async Task B4_04_TransientStatuses_AreRetried(int status)
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 47);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        var failures = 0;
        fake.Intercept = (r, _) => r.RequestUri!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) && failures++ < 2
            ? FakeRegistry.Status((HttpStatusCode)status, "UNAVAILABLE") : null;
        var delays = new ConcurrentQueue<TimeSpan>();
        var pulled = await PullAsync($"{Repo}:1", Options(fake, delays: delays));
        Assert.Equal(image.Manifest.Digest, pulled.Root.Digest);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task B4_04_ClientErrors_AreNotRetried()
    {
        var fake = new FakeRegistry();
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:missing", Options(fake)));
        Assert.Equal(ErrorCode.ImageNotFound, error.Code);
        Assert.Equal(1, fake.Count(HttpMethod.Get, "/manifests/"));
    }

    public static TheoryData<string, double, double> RetryAfterForms() => new()
    {
        { "5", 5, 5 },
        { "DATE+7", 5, 7.5 },
        { "UNIX+9", 7, 9.5 },
        { "", 0, 0.1 },
    };

    [Theory]
    [MemberData(nameof(RetryAfterForms))]
    public async Task B4_05_TooManyRequests_HonoursEachRetryAfterForm(string header, double minSeconds, double maxSeconds)
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 48);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        var now = DateTimeOffset.UtcNow;
        var value = header switch
        {
            "DATE+7" => now.AddSeconds(7).ToString("r", CultureInfo.InvariantCulture),
            "UNIX+9" => now.AddSeconds(9).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            _ => header,
        };
        var once = 0;
        fake.Intercept = (r, _) =>
        {
            if (!r.RequestUri!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) || once++ > 0)
            {
                return null;
            }
            var response = FakeRegistry.Status(HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
            if (value.Length > 0)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", value);
            }
            return response;
        };
        var delays = new ConcurrentQueue<TimeSpan>();
        var log = new ConcurrentQueue<string>();
        await PullAsync($"{Repo}:1", Options(fake, log, delays));
        var wait = Assert.Single(delays);
        Assert.InRange(wait.TotalSeconds, minSeconds, maxSeconds);
        Assert.Contains(log, l => l.Contains("429", StringComparison.Ordinal) && l.Contains("waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task B4_05_RetryAfterBeyondTheCap_FailsInsteadOfWaiting()
    {
        var fake = new FakeRegistry();
        fake.Intercept = (r, _) =>
        {
            var response = FakeRegistry.Status(HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
            response.Headers.TryAddWithoutValidation("Retry-After", "3600");
            return response;
        };
        var delays = new ConcurrentQueue<TimeSpan>();
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", Options(fake, delays: delays)));
        Assert.Contains("3600 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task B4_06_TokenEndpointDown_BoundedRetries_ErrorNamesTheRealmNotTheSecret()
    {
        var fake = new FakeRegistry { Bearer = true };
        fake.Intercept = (r, _) => r.RequestUri!.Host == FakeRegistry.AuthHost ? FakeRegistry.Status(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE") : null;
        var options = Options(fake) with { Credential = new("user", "pw-SECRET") };
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"{Repo}:1", options));
        Assert.Contains(FakeRegistry.AuthHost, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(options.Retry.MaxAttempts, fake.Requests.Count(r => r.Url.Host == FakeRegistry.AuthHost));
    }

    [Fact]
    public async Task B4_08_ConnectionRefused_FailsFastWithATypedError()
    {
        var port = RegistryServer.FreePort();
        var delays = new ConcurrentQueue<TimeSpan>();
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"127.0.0.1:{port}/app:1", Options(delays: delays)));
        Assert.Equal(ErrorCode.Network, error.Code);
        Assert.InRange(delays.Count, 1, 2 * Options().Retry.MaxAttempts);
    }

    [Fact]
    public async Task B4_09_CancelledPush_StopsAndDeletesTheUploadSession()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, seed: 49);
        var fake = new FakeRegistry();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        fake.Hang = r =>
        {
            if (IsUpload(r, HttpMethod.Put))
            {
                cts.Cancel();
                return true;
            }
            return false;
        };
        var sink = new Distill.Publish.Registry.RegistrySink(Distill.Publish.ImageLocation.Parse($"docker://{Repo}:1"), Options(fake) with { Parallelism = 1 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.WriteAsync(image, cts.Token));
        Assert.True(fake.Count(HttpMethod.Delete, "/blobs/uploads/") >= 1);
        Assert.Equal(0, fake.Count(HttpMethod.Put, "/manifests/"));
    }

    [Fact]
    public async Task B4_10_ParallelUploads_AreBounded()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 6, seed: 50);
        var fake = new FakeRegistry { Delay = TimeSpan.FromMilliseconds(15) };
        await PushAsync(image, $"{Repo}:1", Options(fake) with { Parallelism = 2 });
        Assert.InRange(fake.MaxInFlight, 1, 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task B5_07_ExpiredUploadSession_RestartsFromByteZero(bool chunked)
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, 1, layerBytes: 30_000, seed: 51);
        var fake = new FakeRegistry();
        var method = chunked ? HttpMethod.Patch : HttpMethod.Put;
        var seen = 0;
        fake.Intercept = (r, _) => IsUpload(r, method) && Interlocked.Increment(ref seen) == 2 ? FakeRegistry.Status(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN") : null;
        await PushAsync(image, $"{Repo}:1", Options(fake) with { Parallelism = 1, ChunkSize = chunked ? 8192 : null });
        Assert.True(fake.HasBlob("app", image.Layers[0].Descriptor.Digest));
        Assert.Equal(3, fake.Count(HttpMethod.Post, "/blobs/uploads/"));
    }
}

/// <summary>Serves some bytes, then fails as a reset connection does.</summary>
internal sealed class FailingStream(byte[] prefix) : MemoryStream(prefix)
{
    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = base.Read(buffer, offset, count);
        return n > 0 ? n : throw new IOException("connection reset by peer");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await base.ReadAsync(buffer, cancellationToken);
        return n > 0 ? n : throw new IOException("connection reset by peer");
    }
}

/// <summary>Sends one byte, then never another (slowloris).</summary>
internal sealed class StallingStream() : Distill.Publish.ReadOnlyWrapperStream(null)
{
    private bool _sent;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_sent)
        {
            _sent = true;
            buffer.Span[0] = 0x1f;
            return 1;
        }
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}
