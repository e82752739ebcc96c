namespace Distill.Base.Debian;

/// <summary>Parses deb822 text into paragraphs.</summary>
public static class Deb822
{
    /// <summary>Parses every paragraph of <paramref name="text"/>; <c>#</c> comment lines are skipped.</summary>
    /// <exception cref="FormatException">A line is neither a field, a continuation nor blank.</exception>
    public static List<Deb822Stanza> Parse(string text, string what)
    {
        using var reader = new StringReader(text);
        return Parse(reader, what).ToList();
    }

    /// <summary>Streams paragraphs from <paramref name="reader"/>; with <paramref name="keep"/>, other fields are dropped (large <c>Packages</c> files).</summary>
    public static IEnumerable<Deb822Stanza> Parse(TextReader reader, string what, ISet<string>? keep = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        string? key = null;
        System.Text.StringBuilder? value = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length > 0 && line[0] == '#')
            {
                continue;
            }
            if (line.Trim().Length == 0)
            {
                Flush();
                if (fields.Count > 0)
                {
                    yield return new Deb822Stanza(fields);
                    fields = [];
                }
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (value is null)
                {
                    throw new FormatException($"{what} line {lineNumber}: continuation line without a field");
                }
                var cont = line.Trim();
                value.Append('\n').Append(cont == "." ? "" : cont);
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"{what} line {lineNumber}: expected 'Field: value'");
            }
            Flush();
            key = line[..colon].Trim();
            value = new System.Text.StringBuilder(line[(colon + 1)..].Trim());
        }
        Flush();
        if (fields.Count > 0)
        {
            yield return new Deb822Stanza(fields);
        }

        void Flush()
        {
            if (key is not null)
            {
                if (keep is null || keep.Contains(key))
                {
                    fields.Add(new(key, value!.ToString()));
                }
                key = null;
                value = null;
            }
        }
    }
}
