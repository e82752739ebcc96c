namespace Distill.Base.Debian;

/// <summary>A version relation in a dependency field (Debian policy §7.1).</summary>
public enum VersionRelation
{
    /// <summary><c>&lt;&lt;</c></summary>
    Earlier,
    /// <summary><c>&lt;=</c> (and the obsolete <c>&lt;</c>)</summary>
    EarlierOrEqual,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>&gt;=</c> (and the obsolete <c>&gt;</c>)</summary>
    LaterOrEqual,
    /// <summary><c>&gt;&gt;</c></summary>
    Later,
}
