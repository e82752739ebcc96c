using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Distill.Oci;

namespace Distill.Publish.Registry;

/// <summary>
/// Pushes one blob: cross-repository mount when possible (falling back to an upload, RELIABILITY
/// B3-17), then a monolithic PUT or chunked PATCHes (chunk ≥ <c>OCI-Chunk-Min-Length</c>, B3-16).
/// A chunked upload resumes from the offset the registry reports after a dropped connection; an
/// expired or unknown session restarts from byte 0 (B4-01, B5-07); our own offset accounting survives
/// registries that report chunk-relative ranges, and a confused upload falls back to one PUT (B3-15).
/// </summary>
internal sealed class BlobUploader(RegistryHttp http)
{
    private enum Outcome
    {
        Done,
        Restart,
        Monolithic,
    }

    private sealed record Session(Uri Location, long MinChunk);

    private RegistryOptions Options => http.Options;

    public async Task UploadAsync(string repository, BlobSource blob, string? mountFrom, CancellationToken cancellationToken)
    {
        var digest = blob.Descriptor.Digest;
        var what = $"uploading blob {digest} to {http.Registry}/{repository}";
        IReadOnlyList<string> scopes = [RegistryRequest.Push(repository)];
        Session? session = null;
        if (mountFrom is not null && mountFrom != repository)
        {
            (var mounted, session) = await TryMountAsync(repository, digest, mountFrom, what, cancellationToken).ConfigureAwait(false);
            if (mounted)
            {
                Options.Progress?.Report(new BlobProgress(digest, blob.Descriptor.Size, blob.Descriptor.Size, Upload: true, Skipped: true));
                return;
            }
        }
        var monolithic = Options.ChunkSize is null;
        var retry = Options.Retry;
        var cursor = new BlobCursor(blob.Open);
        await using var _ = cursor.ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                session ??= await StartAsync(repository, scopes, what, cancellationToken).ConfigureAwait(false);
                var outcome = monolithic
                    ? await PutWholeAsync(session, blob, cursor, scopes, what, cancellationToken).ConfigureAwait(false)
                    : await ChunkedAsync(session, blob, cursor, scopes, what, cancellationToken).ConfigureAwait(false);
                if (outcome == Outcome.Done)
                {
                    return;
                }
                monolithic |= outcome == Outcome.Monolithic;
                Options.Log?.Invoke($"{what}: {(outcome == Outcome.Monolithic ? "the chunked upload went wrong; retrying as one PUT" : "the upload session is gone; starting again from byte 0")}");
            }
            catch (Exception e) when (RegistryHttp.IsTransient(e, cancellationToken))
            {
                if (attempt >= retry.MaxAttempts)
                {
                    throw http.NetworkError(new RegistryRequest(HttpMethod.Put, session?.Location ?? new Uri("http://unknown/")) { What = what }, e);
                }
                Options.Log?.Invoke($"{what}: {Redact.Text(e.Message)}; restarting the upload");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && session is not null)
            {
                await CancelSessionAsync(session, scopes).ConfigureAwait(false);
                throw;
            }
            catch (HttpRequestException e) when (e.InnerException is InvalidDataException or DistillException)
            {
                throw e.InnerException is DistillException d ? d
                    : new DistillException(ErrorCode.InvalidImage, $"{what}: {e.InnerException!.Message}", e);
            }
            if (attempt >= retry.MaxAttempts)
            {
                throw new DistillException(ErrorCode.Registry, $"{what}: gave up after {attempt} attempts");
            }
            session = null;
            await retry.Delay(retry.Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(bool Mounted, Session? Session)> TryMountAsync(string repository, Digest digest, string from, string what, CancellationToken cancellationToken)
    {
        var url = await http.UrlAsync($"v2/{repository}/blobs/uploads/?mount={digest}&from={from}", cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await http.SendAsync(new RegistryRequest(HttpMethod.Post, url)
            {
                Scopes = [RegistryRequest.Push(repository), RegistryRequest.Pull(from)],
                What = what,
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Options.Log?.Invoke($"{what}: mounted from {from}");
                return (true, null);
            }
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return (false, new Session(http.ResolveLocation(response, url, what), MinChunk(response)));
            }
            Options.Log?.Invoke($"{what}: mounting from {from} failed (HTTP {(int)response.StatusCode}); uploading instead");
        }
        catch (DistillException e) when (e.Code == ErrorCode.RegistryAuth)
        {
            Options.Log?.Invoke($"{what}: no token for mounting from {from}; uploading instead");
        }
        return (false, null);
    }

    private async Task<Session> StartAsync(string repository, IReadOnlyList<string> scopes, string what, CancellationToken cancellationToken)
    {
        var url = await http.UrlAsync($"v2/{repository}/blobs/uploads/", cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(new RegistryRequest(HttpMethod.Post, url) { Scopes = scopes, What = what }, cancellationToken).ConfigureAwait(false);
        }
        catch (DistillException e) when (e.Code == ErrorCode.Network)
        {
            // Some registries (ECR) close the connection instead of answering when the repository does not exist.
            throw new DistillException(ErrorCode.Network, $"{e.Message}; the registry dropped the connection when asked to start an upload: the repository may not exist, or the credentials may lack push access", e);
        }
        using var _ = response;
        if (response.StatusCode != HttpStatusCode.Accepted && !(response.IsSuccessStatusCode && response.Headers.Location is not null))
        {
            throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
        return new Session(http.ResolveLocation(response, url, what), MinChunk(response));
    }

    private static long MinChunk(HttpResponseMessage response) =>
        response.Headers.TryGetValues("OCI-Chunk-Min-Length", out var v)
        && long.TryParse(v.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;

    private async Task<Outcome> PutWholeAsync(Session session, BlobSource blob, BlobCursor cursor, IReadOnlyList<string> scopes, string what, CancellationToken cancellationToken)
    {
        var size = blob.Descriptor.Size;
        var done = 0L;
        using var response = await http.SendAsync(new RegistryRequest(HttpMethod.Put, WithDigest(session.Location, blob.Descriptor.Digest))
        {
            Scopes = scopes,
            What = what,
            Retry = false,
            Content = touch =>
            {
                done = 0;
                return Octets(new SliceContent(cursor, 0, size, last: true, n =>
                {
                    touch(n);
                    done += n;
                    Options.Progress?.Report(new BlobProgress(blob.Descriptor.Digest, done, size, Upload: true));
                }));
            },
        }, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(response, what, suspicious: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Outcome> ChunkedAsync(Session session, BlobSource blob, BlobCursor cursor, IReadOnlyList<string> scopes, string what, CancellationToken cancellationToken)
    {
        var size = blob.Descriptor.Size;
        var chunk = Math.Max(Options.ChunkSize ?? size, session.MinChunk);
        chunk = Math.Max(chunk, 1);
        var location = session.Location;
        long offset = 0;
        var suspicious = false;
        var resumes = 0;
        while (offset < size)
        {
            var start = offset;
            var length = Math.Min(chunk, size - start);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(new RegistryRequest(HttpMethod.Patch, location)
                {
                    Scopes = scopes,
                    What = what,
                    Retry = false,
                    Headers = [new("Content-Range", $"{start}-{start + length - 1}")],
                    Content = touch => Octets(new SliceContent(cursor, start, length, last: start + length == size, n =>
                    {
                        touch(n);
                        Options.Progress?.Report(new BlobProgress(blob.Descriptor.Digest, start + n, size, Upload: true));
                    })),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (RegistryHttp.IsTransient(e, cancellationToken) && ++resumes < Options.Retry.MaxAttempts)
            {
                Options.Log?.Invoke($"{what}: {Redact.Text(e.Message)} at byte {start}; asking the registry where to resume");
                await Options.Retry.Delay(Options.Retry.Backoff(resumes), cancellationToken).ConfigureAwait(false);
                if (await StatusAsync(location, scopes, what, cancellationToken).ConfigureAwait(false) is not { } status)
                {
                    return Outcome.Restart;
                }
                (offset, location) = status;
                continue;
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    location = http.ResolveLocation(response, location, what);
                    var expected = start + length;
                    var end = RangeEnd(response);
                    if (end is { } e && e + 1 > start && e + 1 < expected)
                    {
                        offset = e + 1; // the registry kept only part of this chunk
                    }
                    else
                    {
                        // A Range that is neither the whole upload nor partial is chunk-relative (distribution-spec #580): keep our own count.
                        suspicious |= end is { } other && other + 1 != expected;
                        offset = expected;
                    }
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return Outcome.Restart;
                }
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable || RetryPolicy.IsRetryable(response.StatusCode))
                {
                    if (++resumes >= Options.Retry.MaxAttempts)
                    {
                        throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
                    }
                    var wait = response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable ? TimeSpan.Zero : http.WaitBefore(response, resumes, what);
                    await Options.Retry.Delay(wait, cancellationToken).ConfigureAwait(false);
                    if (await StatusAsync(location, scopes, what, cancellationToken).ConfigureAwait(false) is not { } status)
                    {
                        return Outcome.Restart;
                    }
                    (offset, location) = status;
                    continue;
                }
                throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
            }
        }
        using var final = await http.SendAsync(new RegistryRequest(HttpMethod.Put, WithDigest(location, blob.Descriptor.Digest))
        {
            Scopes = scopes,
            What = what,
            Retry = false,
            Content = _ => Octets(new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty)),
        }, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(final, what, suspicious, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Outcome> FinishAsync(HttpResponseMessage response, string what, bool suspicious, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return Outcome.Done;
        }
        if (response.StatusCode == HttpStatusCode.NotFound || RetryPolicy.IsRetryable(response.StatusCode))
        {
            return Outcome.Restart;
        }
        if (suspicious && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return Outcome.Monolithic;
        }
        throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks an upload session how much it holds (GET its URL); null when the session is gone or the registry cannot say.</summary>
    private async Task<(long Offset, Uri Location)?> StatusAsync(Uri location, IReadOnlyList<string> scopes, string what, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(new RegistryRequest(HttpMethod.Get, location) { Scopes = scopes, What = what }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var next = response.Headers.Location is null ? location : http.ResolveLocation(response, location, what);
        var offset = RangeEnd(response) is { } end ? end + 1 : 0;
        Options.Log?.Invoke($"{what}: the registry holds {offset} bytes; resuming there");
        return (offset, next);
    }

    /// <summary>The last byte index of a <c>Range: 0-N</c> (or <c>bytes=0-N</c>) header.</summary>
    internal static long? RangeEnd(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values) || values.FirstOrDefault() is not { } value)
        {
            return null;
        }
        var v = value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) ? value[6..] : value;
        var dash = v.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(v[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var end) ? end : null;
    }

    private static Uri WithDigest(Uri location, Digest digest)
    {
        var b = new UriBuilder(location);
        var query = b.Query.TrimStart('?');
        b.Query = (query.Length > 0 ? query + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        return b.Uri;
    }

    private static HttpContent Octets(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private async Task CancelSessionAsync(Session session, IReadOnlyList<string> scopes)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var _ = await http.SendAsync(new RegistryRequest(HttpMethod.Delete, session.Location) { Scopes = scopes, Retry = false, What = "cancelling an upload" }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DistillException or HttpRequestException or OperationCanceledException or IOException or TimeoutException)
        {
            // Best effort: the registry expires abandoned sessions anyway.
        }
    }
}
