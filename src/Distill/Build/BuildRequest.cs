namespace Distill.Build;

/// <summary>What <c>distill build</c> needs: the project, the user's recipe choices, and how to pack (the pack request without its input).</summary>
public sealed record BuildRequest
{
    public required string ProjectDirectory { get; init; }

    public BuildSettings Settings { get; init; } = new();

    /// <summary>Pack options (destinations, base, user, env, layers...); InputPath, AppEntries and Entrypoint are filled in from the build.</summary>
    public required PackRequest Pack { get; init; }

    /// <summary>Keep the build directory (for debugging a recipe) instead of deleting it.</summary>
    public bool KeepBuildDirectory { get; init; }
}
