namespace Distill.Build;

/// <summary>
/// A build product and where it goes: <see cref="From"/> is relative to the build directory (a file
/// lands as <c>ImageDirectory/name</c>, a directory's contents land in <c>ImageDirectory</c>).
/// </summary>
public sealed record RecipeOutput(string From, string ImageDirectory)
{
    /// <summary>True when the product is a directory (the whole project, a JRE); its contents land in <see cref="ImageDirectory"/>.</summary>
    public bool IsDirectory { get; init; } = From == ".";

    /// <summary>The image path of the product: a file's full path, or the directory.</summary>
    public string ImagePath => IsDirectory ? ImageDirectory : ImageDirectory.TrimEnd('/') + "/" + Path.GetFileName(From);
}
