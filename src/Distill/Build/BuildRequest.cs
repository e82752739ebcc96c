namespace Distill.Build;

/// <summary>What <c>distill build</c> needs: the project, the user's recipe choices, and how to pack (the pack request without its input).</summary>
public sealed record BuildRequest
{
    public required string ProjectDirectory { get; init; }

    public BuildSettings Settings { get; init; } = new();

    /// <summary>Pack options (destinations, base, user, env, layers...); InputPath, AppEntries and Entrypoint are filled in from the build.</summary>
    public required PackRequest Pack { get; init; }

    /// <summary>
    /// Where a language runtime comes from: "host" (this machine's runtime and its exact closure) or
    /// "debian" (the distroless-equivalent tier built from Debian packages: java17, nodejs, python3).
    /// </summary>
    public string RuntimeSource { get; init; } = "host";

    /// <summary>Keep the build directory (for debugging a recipe) instead of deleting it.</summary>
    public bool KeepBuildDirectory { get; init; }
}
