using System.Net;

namespace Distill.Publish.Registry;

/// <summary>
/// A blob download that survives dropped connections: after a reset or truncation it asks again with
/// <c>Range: bytes=N-</c> (skipping N bytes when the server ignores ranges), a bounded number of
/// times. It never reads past the declared size + 1; the caller verifies the digest over all bytes
/// (RELIABILITY B4-01, B4-02).
/// </summary>
internal sealed class ResumingBlobStream(RegistryHttp http, RegistryRequest request, long size) : ReadOnlyWrapperStream(null)
{
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _position;
    private int _resumes;

    public async Task StartAsync(CancellationToken cancellationToken) => await OpenAtAsync(0, cancellationToken).ConfigureAwait(false);

    private async Task OpenAtAsync(long offset, CancellationToken cancellationToken)
    {
        CloseCurrent();
        var ranged = offset > 0 ? request with { Headers = [new("Range", $"bytes={offset}-")] } : request;
        var response = await http.SendAsync(ranged, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.PartialContent))
        {
            using (response)
            {
                throw await RegistryErrors.FromResponseAsync(response, request.What, cancellationToken).ConfigureAwait(false);
            }
        }
        _response = response;
        _body = await http.BodyAsync(response, request.What, cancellationToken).ConfigureAwait(false);
        if (offset > 0 && response.StatusCode == HttpStatusCode.OK)
        {
            await SkipAsync(_body, offset, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the blob ended while skipping to the resume offset");
            }
            count -= n;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var n = await _body!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0 && _position < size)
                {
                    throw new IOException($"the connection closed after {_position} of {size} bytes");
                }
                _position += n;
                return n;
            }
            catch (Exception e) when (RegistryHttp.IsTransient(e, cancellationToken) && _resumes < http.Options.Retry.MaxAttempts - 1)
            {
                _resumes++;
                var wait = http.Options.Retry.Backoff(_resumes);
                http.Options.Log?.Invoke($"{request.What}: {Redact.Text(e.Message)}; resuming at byte {_position} in {wait.TotalSeconds:0.###} s");
                await http.Options.Retry.Delay(wait, cancellationToken).ConfigureAwait(false);
                await OpenAtAsync(_position, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (RegistryHttp.IsTransient(e, cancellationToken))
            {
                throw new DistillException(ErrorCode.Network, $"{request.What}: {Redact.Text(e.Message)} (gave up after {_resumes} resumes)", e);
            }
        }
    }

    private void CloseCurrent()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseCurrent();
        }
        base.Dispose(disposing);
    }

    public override long Length => size;

    public override long Position { get => _position; set => throw new NotSupportedException(); }
}
