using System.Collections.Concurrent;
using System.Net;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>The real network handler against a tiny HTTP server on 127.0.0.1: cookies and the plain-HTTP fallback.</summary>
public sealed class LoopbackHttpTests
{
    [Fact]
    public async Task B3_18_CookiesFromTheRegistry_AreNeverSentBack_AndLoopbackFallsBackToPlainHttp()
    {
        var port = RegistryServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = new ConcurrentQueue<(string Path, string? Cookie)>();
        var server = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                seen.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Cookie"]));
                context.Response.Headers.Add("Set-Cookie", "csrf=SESSION123; Path=/");
                context.Response.StatusCode = context.Request.Url.AbsolutePath == "/v2/" ? 200 : 404;
                context.Response.Close();
            }
        });
        var log = new ConcurrentQueue<string>();
        var error = await Assert.ThrowsAsync<DistillException>(() => PullAsync($"127.0.0.1:{port}/app:1", Options(log: log)));
        Assert.Equal(ErrorCode.ImageNotFound, error.Code);
        Assert.Contains(seen, s => s.Path.Contains("/manifests/", StringComparison.Ordinal));
        Assert.All(seen, s => Assert.Null(s.Cookie));
        Assert.Contains(log, l => l.Contains("using http://127.0.0.1", StringComparison.Ordinal));
        listener.Stop();
        await server;
    }
}
