using System.Globalization;
using System.Net;

namespace Distill.Publish.Registry;

/// <summary>
/// Bounded retries with jittered exponential backoff (ggcr defaults: 1 s × 3, jitter 0.1) and
/// <c>Retry-After</c> honoured up to a cap (containerd: at most a minute; RELIABILITY B4-04, B4-05).
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The defaults for real registries.</summary>
    public static readonly RetryPolicy Default = new();

    /// <summary>Attempts per request, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first backoff; each next one is <see cref="Factor"/> times longer.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public double Factor { get; init; } = 3;

    /// <summary>± this fraction of random spread on each backoff.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one fails the request instead of waiting.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where waits happen (tests record them instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (d, ct) => Task.Delay(d, ct);

    /// <summary>The clock used to read HTTP-date and Unix-time <c>Retry-After</c> values.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Status codes worth retrying (ggcr's list plus 429).</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        (int)status is 408 or 429 or 500 or 502 or 503 or 504 or 499 or 522;

    /// <summary>The backoff before attempt <paramref name="attempt"/>+1 (attempt counts from 1).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var baseMs = BaseDelay.TotalMilliseconds * Math.Pow(Factor, Math.Max(0, attempt - 1));
        var spread = 1 + ((Random.Shared.NextDouble() * 2) - 1) * Jitter;
        return TimeSpan.FromMilliseconds(Math.Max(0, baseMs * spread));
    }

    /// <summary>
    /// Reads <c>Retry-After</c>: delta seconds, an HTTP-date, or (as Docker Hub has sent) a Unix
    /// timestamp. Null when absent or unreadable.
    /// </summary>
    public TimeSpan? ParseRetryAfter(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        var now = Time.GetUtcNow();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            // A number that large is a point in time, not a delay (10^9 s is year 2001).
            if (number >= 1_000_000_000)
            {
                var at = DateTimeOffset.FromUnixTimeSeconds(Math.Min(number, 253402300799));
                return at > now ? at - now : TimeSpan.Zero;
            }
            return TimeSpan.FromSeconds(number);
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            return date > now ? date - now : TimeSpan.Zero;
        }
        return null;
    }
}
