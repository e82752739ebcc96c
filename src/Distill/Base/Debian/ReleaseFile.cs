using System.Globalization;

namespace Distill.Base.Debian;

/// <summary>The parts of a verified <c>Release</c> file Distill uses (only its SHA256 list is trusted for checksums).</summary>
public sealed record ReleaseFile(string? Suite, string? Codename, bool AcquireByHash, IReadOnlyDictionary<string, ReleaseEntry> Sha256)
{
    /// <summary>The <c>Valid-Until</c> date: after it, apt treats the file as expired (a replay of an old, signed index).</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>
    /// apt's default pin priority for the suite's packages: 500, or 1 when the Release says
    /// <c>NotAutomatic: yes</c> (experimental, backports), 100 with <c>ButAutomaticUpgrades: yes</c> too.
    /// </summary>
    public int PinPriority { get; init; } = DefaultPinPriority;

    /// <summary>The pin priority of an ordinary suite.</summary>
    public const int DefaultPinPriority = 500;

    /// <summary>Parses the signed text of a <c>Release</c>/<c>InRelease</c> file.</summary>
    /// <exception cref="DistillException">The file is malformed or has no SHA256 list.</exception>
    public static ReleaseFile Parse(string signedText, string what)
    {
        Deb822Stanza stanza;
        try
        {
            stanza = Deb822.Parse(signedText, what).FirstOrDefault() ?? throw new FormatException("empty file");
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: malformed Release file: {e.Message}", e);
        }
        var entries = new Dictionary<string, ReleaseEntry>(StringComparer.Ordinal);
        foreach (var line in (stanza["SHA256"] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || parts[0].Length != 64 || !parts[0].All(Uri.IsHexDigit)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: malformed SHA256 line '{line.Trim()}'");
            }
            entries[parts[2]] = new ReleaseEntry(parts[2], parts[0].ToLowerInvariant(), size);
        }
        if (entries.Count == 0)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: the Release file lists no SHA256 checksums");
        }
        return new ReleaseFile(stanza["Suite"], stanza["Codename"],
            Yes(stanza["Acquire-By-Hash"]), entries)
        {
            ValidUntil = stanza["Valid-Until"] is { } until ? ParseDate(until, what) : null,
            PinPriority = !Yes(stanza["NotAutomatic"]) ? DefaultPinPriority : Yes(stanza["ButAutomaticUpgrades"]) ? 100 : 1,
        };
    }

    private static bool Yes(string? value) => string.Equals(value?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);

    /// <summary>Release dates are RFC 2822 ("Sat, 05 Dec 2026 20:00:00 UTC").</summary>
    private static DateTimeOffset ParseDate(string text, string what)
    {
        var normalized = text.Trim().Replace(" UTC", " GMT", StringComparison.Ordinal).Replace(" +0000", " GMT", StringComparison.Ordinal);
        return DateTimeOffset.TryParseExact(normalized, ["r", "ddd, d MMM yyyy HH:mm:ss 'GMT'"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new DistillException(ErrorCode.Debian, $"{what}: malformed date '{text.Trim()}'");
    }
}
