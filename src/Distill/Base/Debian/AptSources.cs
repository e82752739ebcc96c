namespace Distill.Base.Debian;

/// <summary>
/// Reads apt's source configuration: the one-line <c>sources.list</c> format and deb822
/// <c>*.sources</c> files (sources.list(5)). Only <c>deb</c> entries are kept; disabled entries and
/// files with other suffixes are skipped exactly as apt skips them.
/// </summary>
public static class AptSources
{
    /// <summary>The sources configured under <paramref name="aptRoot"/> (normally <c>/etc/apt</c>), in apt's order.</summary>
    /// <exception cref="DistillException">A source file is malformed.</exception>
    public static IReadOnlyList<AptSource> Load(string aptRoot = "/etc/apt")
    {
        var sources = new List<AptSource>();
        var list = Path.Combine(aptRoot, "sources.list");
        if (File.Exists(list))
        {
            sources.AddRange(ParseOneLine(File.ReadAllText(list), list));
        }
        var parts = Path.Combine(aptRoot, "sources.list.d");
        if (Directory.Exists(parts))
        {
            foreach (var file in Directory.GetFiles(parts).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".list", StringComparison.Ordinal))
                {
                    sources.AddRange(ParseOneLine(File.ReadAllText(file), file));
                }
                else if (file.EndsWith(".sources", StringComparison.Ordinal))
                {
                    sources.AddRange(ParseDeb822(File.ReadAllText(file), file));
                }
            }
        }
        return sources;
    }

    /// <summary>Parses the one-line format: <c>deb [ option=value ... ] uri suite [component ...]</c>.</summary>
    public static IReadOnlyList<AptSource> ParseOneLine(string text, string file)
    {
        var sources = new List<AptSource>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var origin = $"{file}:{lineNumber}";
            var tokens = new List<string>(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            var type = tokens[0];
            tokens.RemoveAt(0);
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (tokens.Count > 0 && tokens[0].StartsWith('['))
            {
                var optionText = new List<string>();
                while (tokens.Count > 0)
                {
                    var t = tokens[0];
                    tokens.RemoveAt(0);
                    optionText.Add(t);
                    if (t.EndsWith(']'))
                    {
                        break;
                    }
                }
                foreach (var o in string.Join(' ', optionText).Trim('[', ']').Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = o.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        options[o[..eq]] = o[(eq + 1)..];
                    }
                }
            }
            if (type != "deb")
            {
                continue; // deb-src and unknown types carry no binary packages
            }
            if (tokens.Count < 1)
            {
                throw new DistillException(ErrorCode.Debian, $"{origin}: expected 'deb URI SUITE COMPONENT...'");
            }
            var uri = tokens[0];
            var suite = tokens.Count > 1 ? tokens[1] : throw new DistillException(ErrorCode.Debian, $"{origin}: no suite after '{uri}'");
            options.TryGetValue("arch", out var arch);
            options.TryGetValue("signed-by", out var signedBy);
            sources.Add(Make(uri, suite, tokens.Skip(2).ToList(), arch?.Split(','), signedBy?.Split(','), origin));
        }
        return sources;
    }

    /// <summary>Parses deb822 stanzas: <c>Types</c>, <c>URIs</c>, <c>Suites</c>, <c>Components</c>, <c>Signed-By</c>, <c>Architectures</c>, <c>Enabled</c>.</summary>
    public static IReadOnlyList<AptSource> ParseDeb822(string text, string file)
    {
        List<Deb822Stanza> stanzas;
        try
        {
            stanzas = Deb822.Parse(text, file);
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.Debian, $"{file}: {e.Message}", e);
        }
        var sources = new List<AptSource>();
        for (var i = 0; i < stanzas.Count; i++)
        {
            var s = stanzas[i];
            var origin = $"{file} (stanza {i + 1})";
            if (string.Equals(s["Enabled"], "no", StringComparison.OrdinalIgnoreCase) || !Words(s["Types"]).Contains("deb"))
            {
                continue;
            }
            var signedBy = s["Signed-By"];
            string? inlineKey = null;
            IReadOnlyList<string>? keyFiles = null;
            if (signedBy is not null && signedBy.Contains("BEGIN PGP PUBLIC KEY BLOCK", StringComparison.Ordinal))
            {
                inlineKey = signedBy;
            }
            else if (signedBy is not null)
            {
                keyFiles = Words(signedBy);
            }
            var archs = s["Architectures"] is { } a ? Words(a) : null;
            foreach (var uri in Words(s["URIs"]))
            {
                foreach (var suite in Words(s["Suites"]))
                {
                    sources.Add(Make(uri, suite, Words(s["Components"]), archs, keyFiles, origin) with { InlineKey = inlineKey });
                }
            }
        }
        return sources;
    }

    /// <summary>An explicit <c>--mirror URL --suite S --component C</c> source.</summary>
    public static AptSource Explicit(string uri, string suite, IReadOnlyList<string> components, IReadOnlyList<string>? keyrings) =>
        Make(uri, suite, components.Count > 0 ? components : ["main"], null, keyrings, "--mirror");

    private static AptSource Make(string uri, string suite, IReadOnlyList<string> components, IReadOnlyList<string>? archs, IReadOnlyList<string>? signedBy, string origin)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https" or "file"))
        {
            throw new DistillException(ErrorCode.Debian, $"{origin}: '{uri}' is not an http, https or file URI");
        }
        if (suite.EndsWith('/'))
        {
            throw new DistillException(ErrorCode.Debian, $"{origin}: flat repositories ('{suite}') are not supported");
        }
        if (components.Count == 0)
        {
            throw new DistillException(ErrorCode.Debian, $"{origin}: no components for suite '{suite}'");
        }
        return new AptSource(uri.TrimEnd('/'), suite, components, archs, signedBy ?? [], null, origin);
    }

    private static List<string> Words(string? value) =>
        value is null ? [] : [.. value.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)];
}
