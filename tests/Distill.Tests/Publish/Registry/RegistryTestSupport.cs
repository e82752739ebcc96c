using System.Collections.Concurrent;
using Distill.Publish;
using Distill.Publish.Registry;
using Distill.Tests.Testing;

namespace Distill.Tests.Publish.Registry;

/// <summary>Counts requests by method and path, passing them to the real network handler.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ConcurrentQueue<(HttpMethod Method, string Path)> Requests { get; } = new();

    public int Count(HttpMethod method, string pathPart) => Requests.Count(r => r.Method == method && r.Path.Contains(pathPart, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method, request.RequestUri!.PathAndQuery));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Options and helpers shared by the registry tests.</summary>
internal static class RegistryTestSupport
{
    /// <summary>Options that never read the user's credential files and never sleep long.</summary>
    public static RegistryOptions Options(HttpMessageHandler? handler = null, ConcurrentQueue<string>? log = null, ConcurrentQueue<TimeSpan>? delays = null) => new()
    {
        Handler = handler,
        Credentials = new CredentialStore([], new CredentialHelper()),
        Retry = new RetryPolicy
        {
            BaseDelay = TimeSpan.FromMilliseconds(1),
            Delay = (d, ct) =>
            {
                delays?.Enqueue(d);
                return Task.Delay(TimeSpan.FromMilliseconds(Math.Min(d.TotalMilliseconds, 5)), ct);
            },
        },
        Log = log is null ? null : log.Enqueue,
    };

    /// <summary>A network handler like the library's own (no redirects, no cookies) for counting tests.</summary>
    public static SocketsHttpHandler NetworkHandler() => new() { AllowAutoRedirect = false, UseCookies = false };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<PublishResult> PushAsync(Distill.Images.Artifact artifact, string reference, RegistryOptions options)
    {
        var sink = new RegistrySink(ImageLocation.Parse($"docker://{reference}"), options);
        return await sink.WriteAsync(artifact, Ct);
    }

    public static async Task<Distill.Images.Artifact> PullAsync(string reference, RegistryOptions options)
    {
        var source = new RegistrySource(ImageLocation.Parse($"docker://{reference}"), options);
        return await source.ReadAsync(Ct);
    }

    /// <summary><c>skopeo inspect --raw</c> of a reference on a loopback registry, with the digest of the bytes.</summary>
    public static string SkopeoRawDigest(string reference, params string[] extra)
    {
        var skopeo = Tools.Require("skopeo");
        var result = Run.Process(skopeo, ["inspect", "--raw", .. extra, $"docker://{reference}"]).AssertSuccess("skopeo inspect --raw");
        return Distill.Oci.Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(result.Stdout.TrimEnd('\n'))).ToString();
    }
}
