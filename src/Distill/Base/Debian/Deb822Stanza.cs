namespace Distill.Base.Debian;

/// <summary>
/// One paragraph of a deb822 file (control files, <c>Packages</c>, <c>Release</c>, apt <c>.sources</c>):
/// fields in file order, looked up case-insensitively as dpkg does.
/// </summary>
public sealed class Deb822Stanza
{
    private readonly List<KeyValuePair<string, string>> _fields;

    internal Deb822Stanza(List<KeyValuePair<string, string>> fields) => _fields = fields;

    /// <summary>The fields in file order; multi-line values keep their line breaks (continuation lines without the leading space).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The value of <paramref name="name"/>, or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var f in _fields)
            {
                if (string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return f.Value;
                }
            }
            return null;
        }
    }

    /// <summary>The value of a field that must be present.</summary>
    /// <exception cref="FormatException">The field is missing or empty.</exception>
    public string Required(string name, string what) =>
        this[name] is { Length: > 0 } v ? v : throw new FormatException($"{what} has no '{name}' field");

    /// <summary>Writes the paragraph back in deb822 syntax (continuation lines indented by one space, empty ones as " .").</summary>
    public string ToText(IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (key, value) in fields ?? _fields)
        {
            var lines = value.Split('\n');
            sb.Append(key).Append(':');
            if (lines[0].Length > 0)
            {
                sb.Append(' ').Append(lines[0]);
            }
            sb.Append('\n');
            foreach (var line in lines.Skip(1))
            {
                sb.Append(' ').Append(line.Length == 0 ? "." : line).Append('\n');
            }
        }
        return sb.ToString();
    }
}
