namespace Distill.Build;

/// <summary>The user's choices for a build: a recipe override and extra toolchain flags (after <c>--</c>).</summary>
public sealed record BuildSettings
{
    /// <summary>The recipe to use instead of the default (<c>--recipe</c>), or null.</summary>
    public string? Recipe { get; init; }

    /// <summary>Flags passed to the main toolchain command.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
}
