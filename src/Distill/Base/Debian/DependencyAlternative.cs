namespace Distill.Base.Debian;

/// <summary>One alternative of a dependency: <c>name[:arch] [(op version)]</c>.</summary>
public sealed record DependencyAlternative(string Name, string? ArchQualifier, VersionRelation? Relation, DebVersion? Version)
{
    /// <summary>True when <paramref name="version"/> meets this alternative's version constraint (or there is none).</summary>
    public bool Accepts(DebVersion? version) =>
        Relation is not { } relation || (version is not null && DebVersion.Satisfies(version, relation, Version!));

    public override string ToString() =>
        Name + (ArchQualifier is null ? "" : $":{ArchQualifier}")
        + (Relation is { } r ? $" ({RelationText(r)} {Version})" : "");

    internal static string RelationText(VersionRelation r) => r switch
    {
        VersionRelation.Earlier => "<<",
        VersionRelation.EarlierOrEqual => "<=",
        VersionRelation.Equal => "=",
        VersionRelation.LaterOrEqual => ">=",
        _ => ">>",
    };
}
