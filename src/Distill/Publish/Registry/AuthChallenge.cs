using System.Text;

namespace Distill.Publish.Registry;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge (RFC 7235): the scheme and its parameters.</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    private const int MaxLength = 8192;

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Get("realm");

    public string? Service => Get("service");

    /// <summary>The scopes the registry asked for (space-separated in one parameter).</summary>
    public IReadOnlyList<string> Scopes => Get("scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public string? Error => Get("error");

    private string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>Picks the first Bearer or Basic challenge from the header values; null when none.</summary>
    public static AuthChallenge? Select(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        AuthChallenge? basic = null;
        foreach (var value in headerValues)
        {
            foreach (var c in ParseAll(value))
            {
                if (c.IsBearer)
                {
                    return c;
                }
                basic ??= c.IsBasic ? c : null;
            }
        }
        return basic;
    }

    /// <summary>Parses every challenge in one header value; malformed input yields what parsed cleanly.</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new List<AuthChallenge>();
        if (value.Length > MaxLength)
        {
            return result;
        }
        var i = 0;
        while (i < value.Length)
        {
            SkipSpaceAndCommas(value, ref i);
            var scheme = ReadToken(value, ref i);
            if (scheme.Length == 0)
            {
                break;
            }
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (i < value.Length)
            {
                SkipSpaceAndCommas(value, ref i);
                var save = i;
                var name = ReadToken(value, ref i);
                SkipSpace(value, ref i);
                if (name.Length == 0 || i >= value.Length || value[i] != '=')
                {
                    i = save; // the next challenge's scheme
                    break;
                }
                i++;
                SkipSpace(value, ref i);
                var v = i < value.Length && value[i] == '"' ? ReadQuoted(value, ref i) : ReadToken(value, ref i);
                parameters.TryAdd(name, v);
            }
            result.Add(new AuthChallenge(scheme, parameters));
        }
        return result;
    }

    private static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipSpaceAndCommas(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"'))
        {
            i++;
        }
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var b = new StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }
            b.Append(s[i]);
            i++;
        }
        i = Math.Min(i + 1, s.Length);
        return b.ToString();
    }
}
