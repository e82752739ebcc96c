using System.Globalization;
using System.Text;

namespace Distill.Inspect;

/// <summary>
/// Parses the module text of Go build info (<c>runtime/debug.BuildInfo.String</c>): tab-separated lines
/// <c>path</c>, <c>mod</c>, <c>dep</c>, <c>=&gt;</c> and <c>build KEY=VALUE</c>, where keys and values
/// containing spaces, quotes or tabs are Go-quoted.
/// </summary>
internal static class GoModInfo
{
    private const int MaxLines = 100_000;

    public static GoBuildInfo Parse(string goVersion, string text)
    {
        string? path = null, module = null, moduleVersion = null;
        var deps = new List<string>();
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var lines = 0;
        foreach (var raw in text.Split('\n'))
        {
            if (++lines > MaxLines)
            {
                break;
            }
            var parts = raw.Split('\t');
            switch (parts[0])
            {
                case "path" when parts.Length >= 2: path = parts[1]; break;
                case "mod" when parts.Length >= 2:
                    module = parts[1];
                    moduleVersion = parts.Length >= 3 ? parts[2] : null;
                    break;
                case "dep" when parts.Length >= 3: deps.Add($"{parts[1]}@{parts[2]}"); break;
                case "build" when parts.Length >= 2:
                    if (Setting(raw["build\t".Length..]) is var (k, v))
                    {
                        settings[k] = v;
                    }
                    break;
            }
        }
        return new GoBuildInfo(goVersion)
        {
            Path = path,
            Module = module,
            ModuleVersion = moduleVersion,
            Dependencies = deps,
            Settings = settings,
        };
    }

    /// <summary>Splits <c>KEY=VALUE</c>, either side possibly Go-quoted; null when malformed.</summary>
    internal static (string Key, string Value)? Setting(string s)
    {
        string key;
        int rest;
        if (s.StartsWith('"'))
        {
            if (Unquote(s, 0, out key, out rest) is false)
            {
                return null;
            }
        }
        else
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                return null;
            }
            key = s[..eq];
            rest = eq;
        }
        if (rest >= s.Length || s[rest] != '=')
        {
            return null;
        }
        var valueAt = rest + 1;
        if (valueAt < s.Length && s[valueAt] is '"' or '`')
        {
            return Unquote(s, valueAt, out var value, out _) ? (key, value) : null;
        }
        return (key, s[valueAt..]);
    }

    /// <summary>Decodes a Go string literal (interpreted or raw) starting at <paramref name="at"/>.</summary>
    private static bool Unquote(string s, int at, out string value, out int end)
    {
        var quote = s[at];
        var sb = new StringBuilder();
        for (var i = at + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == quote)
            {
                value = sb.ToString();
                end = i + 1;
                return true;
            }
            if (c != '\\' || quote == '`')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= s.Length)
            {
                break;
            }
            switch (s[i])
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'x' when i + 2 < s.Length && byte.TryParse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var x):
                    sb.Append((char)x);
                    i += 2;
                    break;
                case 'u' when i + 4 < s.Length && ushort.TryParse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u):
                    sb.Append((char)u);
                    i += 4;
                    break;
                default: sb.Append(s[i]); break;
            }
        }
        value = "";
        end = s.Length;
        return false;
    }
}
