namespace Distill.Base.Debian;

/// <summary>
/// A Debian package version <c>[epoch:]upstream[-revision]</c>, ordered exactly as
/// <c>dpkg --compare-versions</c> orders them (lib/dpkg/version.c: <c>verrevcmp</c>).
/// </summary>
public sealed record DebVersion : IComparable<DebVersion>
{
    private DebVersion(long epoch, string upstream, string revision)
    {
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
    }

    /// <summary>The epoch (0 when absent).</summary>
    public long Epoch { get; }

    /// <summary>The upstream version.</summary>
    public string Upstream { get; }

    /// <summary>The Debian revision ("" when absent; compares equal to "0", as in dpkg).</summary>
    public string Revision { get; }

    /// <summary>Parses a version as dpkg does.</summary>
    /// <exception cref="FormatException">The text is not a Debian version.</exception>
    public static DebVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a Debian version");

    /// <summary>Parses a version as dpkg does; never throws.</summary>
    public static bool TryParse(string? text, out DebVersion version)
    {
        version = null!;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s) || s.Any(char.IsWhiteSpace))
        {
            return false;
        }
        long epoch = 0;
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var e = s[..colon];
            if (e.Length is 0 or > 9 || !e.All(char.IsAsciiDigit))
            {
                return false;
            }
            epoch = long.Parse(e, System.Globalization.CultureInfo.InvariantCulture);
            s = s[(colon + 1)..];
        }
        var revision = "";
        var hyphen = s.LastIndexOf('-');
        if (hyphen >= 0)
        {
            revision = s[(hyphen + 1)..];
            s = s[..hyphen];
            if (revision.Length == 0 || !revision.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~'))
            {
                return false;
            }
        }
        // dpkg requires the upstream part to start with a digit and allows . + ~ - : in it.
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~' or '-' or ':'))
        {
            return false;
        }
        version = new DebVersion(epoch, s, revision);
        return true;
    }

    /// <inheritdoc/>
    public int CompareTo(DebVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (Epoch != other.Epoch)
        {
            return Epoch.CompareTo(other.Epoch);
        }
        var c = Compare(Upstream, other.Upstream);
        return c != 0 ? c : Compare(Revision, other.Revision);
    }

    /// <summary>True when <paramref name="version"/> satisfies <c>relation</c> against <paramref name="bound"/>.</summary>
    public static bool Satisfies(DebVersion version, VersionRelation relation, DebVersion bound)
    {
        var c = version.CompareTo(bound);
        return relation switch
        {
            VersionRelation.Earlier => c < 0,
            VersionRelation.EarlierOrEqual => c <= 0,
            VersionRelation.Equal => c == 0,
            VersionRelation.LaterOrEqual => c >= 0,
            VersionRelation.Later => c > 0,
            _ => false,
        };
    }

    /// <summary>dpkg's <c>verrevcmp</c>: non-digit runs by <see cref="Order"/>, digit runs numerically.</summary>
    internal static int Compare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var firstDiff = 0;
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = Order(a, i);
                var bc = Order(b, j);
                if (ac != bc)
                {
                    return Math.Sign(ac - bc);
                }
                i++;
                j++;
            }
            while (i < a.Length && a[i] == '0')
            {
                i++;
            }
            while (j < b.Length && b[j] == '0')
            {
                j++;
            }
            while (i < a.Length && j < b.Length && char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                if (firstDiff == 0)
                {
                    firstDiff = a[i] - b[j];
                }
                i++;
                j++;
            }
            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }
            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }
            if (firstDiff != 0)
            {
                return Math.Sign(firstDiff);
            }
        }
        return 0;
    }

    // '~' sorts before everything, even the end of the string; letters before non-letters.
    private static int Order(string s, int i)
    {
        if (i >= s.Length)
        {
            return 0;
        }
        var c = s[i];
        return char.IsAsciiDigit(c) ? 0 : char.IsAsciiLetter(c) ? c : c == '~' ? -1 : c + 256;
    }

    public override string ToString() =>
        (Epoch != 0 ? $"{Epoch}:" : "") + Upstream + (Revision.Length > 0 ? $"-{Revision}" : "");

    public static bool operator <(DebVersion left, DebVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(DebVersion left, DebVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(DebVersion left, DebVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(DebVersion left, DebVersion right) => left.CompareTo(right) >= 0;
}
