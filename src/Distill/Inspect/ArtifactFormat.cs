namespace Distill.Inspect;

/// <summary>What kind of file <c>distill analyze</c> looked at (the JSON <c>format</c> field, lowercase).</summary>
public enum ArtifactFormat
{
    Elf,
    Script,
    Jar,
    Dotnet,
    Directory,
    Unknown,
}
