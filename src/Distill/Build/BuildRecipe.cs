using Distill.Detect;

namespace Distill.Build;

/// <summary>
/// The single source of truth for how a project is built: <c>distill build</c> runs its steps on
/// the host and <c>distill dockerfile</c> writes the same steps into the build stage.
/// All paths are relative to the build directory (a copy of the project; /src in the Dockerfile).
/// </summary>
public sealed record BuildRecipe
{
    /// <summary>Where recipes put their products inside the build directory (ignored by the source copy and .dockerignore).</summary>
    public const string OutputDirectory = ".distill";

    public required Language Language { get; init; }

    /// <summary>The recipe's name (<c>--recipe</c>): static, musl, glibc-static, dynamic, aot, self-contained, jlink, ...</summary>
    public required string Name { get; init; }

    /// <summary>Why this recipe was chosen (printed by <c>distill build</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>The programs the steps run, with how to install each.</summary>
    public required IReadOnlyList<RequiredTool> Tools { get; init; }

    /// <summary>The toolchain commands, in order.</summary>
    public required IReadOnlyList<BuildStep> Steps { get; init; }

    /// <summary>The products and where they go in the image.</summary>
    public required IReadOnlyList<RecipeOutput> Outputs { get; init; }

    /// <summary>The image's entrypoint (exec form, absolute paths).</summary>
    public required IReadOnlyList<string> Entrypoint { get; init; }

    /// <summary>What the app needs at run time besides its files.</summary>
    public RuntimeKind Runtime { get; init; }

    /// <summary>Image environment the app needs (PYTHONPATH, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>The build stage's image: the official toolchain image, pinned to the major version the project asks for.</summary>
    public required string BuildImage { get; init; }

    /// <summary>Why that image and tag (go.mod go line, the host's version...).</summary>
    public required string BuildImageReason { get; init; }

    /// <summary>Shell commands that prepare the build image before the steps (Dockerfile only: the host has the tools).</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>
    /// Dependency manifests the steps need before the sources (package.json, requirements.txt...): the
    /// Dockerfile copies these first so the dependency layer is cached until they change. Empty when the
    /// steps need the whole tree.
    /// </summary>
    public IReadOnlyList<string> DependencyFiles { get; init; } = [];

    /// <summary>The final stage's base: <c>scratch</c> (static binaries) or a distroless/official runtime image.</summary>
    public required string FinalImage { get; init; }

    /// <summary>Shown in the build log: the recipe as commands.</summary>
    public string Display() => string.Join(" && ", Steps.Select(s => s.Display()));
}
