using System.Text;
using System.Text.RegularExpressions;

namespace Distill.Publish.Registry;

/// <summary>
/// Removes secrets from URLs and messages before they reach a log or an error (ggcr
/// <c>internal/redact</c>; RELIABILITY B6-01, B6-02): userinfo is dropped and every query value is
/// replaced except an allowlist of harmless protocol parameters.
/// </summary>
public static partial class Redact
{
    private static readonly HashSet<string> AllowedQueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "scope", "service", "mount", "from", "digest", "n", "last", "ns",
    };

    /// <summary>The URL without userinfo and with non-allowlisted query values replaced by <c>REDACTED</c>.</summary>
    public static string Url(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var b = new StringBuilder();
        b.Append(url.Scheme).Append("://").Append(url.Authority);
        b.Append(url.AbsolutePath);
        var query = url.Query.TrimStart('?');
        if (query.Length > 0)
        {
            b.Append('?');
            var first = true;
            foreach (var pair in query.Split('&'))
            {
                if (!first)
                {
                    b.Append('&');
                }
                first = false;
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? pair : pair[..eq];
                b.Append(key);
                if (eq >= 0)
                {
                    b.Append('=').Append(AllowedQueryKeys.Contains(Uri.UnescapeDataString(key)) ? pair[(eq + 1)..] : "REDACTED");
                }
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// Redacts secrets that may hide in free text (an exception message from the HTTP stack, an error
    /// body): URLs (as <see cref="Url(Uri)"/>), <c>Authorization</c> values and token-like key=value pairs.
    /// </summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = UrlPattern().Replace(text, m => Uri.TryCreate(m.Value, UriKind.Absolute, out var u) ? Url(u) : "REDACTED-URL");
        result = AuthorizationPattern().Replace(result, "$1 REDACTED");
        result = SecretPairPattern().Replace(result, "$1$2REDACTED");
        return result;
    }

    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s""'<>]+")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"(""?(?:access_token|refresh_token|token|password|secret|identitytoken|registrytoken|x-amz-signature|x-amz-credential|signature|sig)""?)(\s*[:=]\s*""?)[^""&\s,}]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPairPattern();
}
