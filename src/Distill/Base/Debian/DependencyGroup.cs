namespace Distill.Base.Debian;

/// <summary>One comma-separated clause of a dependency field: alternatives separated by <c>|</c>.</summary>
public sealed record DependencyGroup(IReadOnlyList<DependencyAlternative> Alternatives)
{
    public override string ToString() => string.Join(" | ", Alternatives);

    /// <summary>Parses a <c>Depends</c>/<c>Pre-Depends</c>/<c>Provides</c> value.</summary>
    /// <exception cref="FormatException">The field is malformed.</exception>
    public static IReadOnlyList<DependencyGroup> ParseField(string? field)
    {
        var groups = new List<DependencyGroup>();
        if (string.IsNullOrWhiteSpace(field))
        {
            return groups;
        }
        foreach (var clause in field.Split(','))
        {
            if (clause.Trim().Length == 0)
            {
                continue; // dpkg tolerates a trailing comma
            }
            var alternatives = clause.Split('|').Select(ParseAlternative).ToList();
            groups.Add(new DependencyGroup(alternatives));
        }
        return groups;
    }

    private static DependencyAlternative ParseAlternative(string text)
    {
        var s = text.Trim();
        // Architecture and build-profile restrictions ("[amd64]", "<!nocheck>") follow the name or the
        // version constraint and only occur in source packages: cut them off so such an index still parses.
        var closeParen = s.IndexOf(')', StringComparison.Ordinal);
        var tail = s.IndexOfAny(['[', '<'], closeParen >= 0 ? closeParen : 0);
        if (tail >= 0 && (closeParen >= 0 || s.IndexOf('(', StringComparison.Ordinal) < 0))
        {
            s = s[..tail].Trim();
        }
        var paren = s.IndexOf('(', StringComparison.Ordinal);
        var head = (paren >= 0 ? s[..paren] : s).Trim();
        VersionRelation? relation = null;
        DebVersion? version = null;
        if (paren >= 0)
        {
            var close = s.IndexOf(')', paren);
            if (close < 0 || s[(close + 1)..].Trim().Length > 0)
            {
                throw new FormatException($"malformed version constraint in '{text.Trim()}'");
            }
            var inner = s[(paren + 1)..close].Trim();
            var opLength = inner.TakeWhile(c => c is '<' or '>' or '=').Count();
            relation = inner[..opLength] switch
            {
                "<<" => VersionRelation.Earlier,
                "<=" or "<" => VersionRelation.EarlierOrEqual,
                "=" => VersionRelation.Equal,
                ">=" or ">" => VersionRelation.LaterOrEqual,
                ">>" => VersionRelation.Later,
                _ => throw new FormatException($"unknown version relation in '{text.Trim()}'"),
            };
            if (!DebVersion.TryParse(inner[opLength..].Trim(), out var v))
            {
                throw new FormatException($"malformed version in '{text.Trim()}'");
            }
            version = v;
        }
        string? arch = null;
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            arch = head[(colon + 1)..];
            head = head[..colon];
        }
        if (!IsPackageName(head) || (arch is not null && !IsPackageName(arch)))
        {
            throw new FormatException($"malformed package name in '{text.Trim()}'");
        }
        return new DependencyAlternative(head, arch, relation, version);
    }

    /// <summary>Debian policy §5.6.1: lowercase letters, digits, <c>+ - .</c>; here also upper case for tolerance.</summary>
    internal static bool IsPackageName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_');
}
