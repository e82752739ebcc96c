using System.Net;
using System.Text;
using System.Text.Json;

namespace Distill.Publish.Registry;

/// <summary>
/// Turns registry error responses into one-sentence errors with the distribution-spec codes
/// (<c>BLOB_UNKNOWN</c>, <c>DENIED</c>, ...). Bodies are read capped at 64 KiB (RELIABILITY B3-06)
/// and redacted (B6-02).
/// </summary>
internal static class RegistryErrors
{
    public const int MaxErrorBytes = 64 * 1024;

    /// <summary>Reads at most <paramref name="cap"/> bytes; null when the body is longer.</summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, int cap, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > cap)
        {
            return null;
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                var n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return buffer.ToArray();
                }
                if (buffer.Length + n > cap)
                {
                    return null;
                }
                buffer.Write(chunk, 0, n);
            }
        }
    }

    /// <summary>The spec error codes and messages of a response body, redacted and shortened.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[]? body;
        try
        {
            body = await ReadCappedAsync(response, MaxErrorBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
        if (body is null)
        {
            return " (error body over 64 KiB, not read)";
        }
        var parts = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in errors.EnumerateArray().Take(5))
                {
                    var code = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    var message = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    parts.Add(string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrEmpty(s))));
                }
            }
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body).Trim();
            if (text.Length > 0 && text.All(ch => !char.IsControl(ch) || ch is '\n' or '\r' or '\t'))
            {
                parts.Add(text.ReplaceLineEndings(" "));
            }
        }
        var joined = Redact.Text(string.Join("; ", parts.Where(p => p.Length > 0)));
        if (joined.Length > 300)
        {
            joined = joined[..300] + "...";
        }
        return joined.Length > 0 ? $" ({joined})" : "";
    }

    /// <summary>An error for an unexpected status, coded by what the user can do about it.</summary>
    public static async Task<DistillException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var detail = await DescribeAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DistillException(ErrorCode.RegistryAuth, $"{what}: the registry refused the credentials (HTTP 401){detail}"),
            HttpStatusCode.Forbidden => new DistillException(ErrorCode.RegistryAuth, $"{what}: access denied (HTTP 403){detail}"),
            HttpStatusCode.NotFound => new DistillException(ErrorCode.ImageNotFound, $"{what}: not found (HTTP 404){detail}"),
            HttpStatusCode.TooManyRequests => new DistillException(ErrorCode.Registry, $"{what}: the registry is rate limiting (HTTP 429){detail}; try again later"),
            HttpStatusCode.RequestEntityTooLarge => new DistillException(ErrorCode.LimitExceeded, $"{what}: the registry refused it as too large (HTTP 413){detail}"),
            _ => new DistillException(ErrorCode.Registry, $"{what}: the registry answered HTTP {status}{detail}"),
        };
    }
}
