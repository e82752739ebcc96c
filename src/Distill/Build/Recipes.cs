using Distill.Detect;

namespace Distill.Build;

/// <summary>Helpers the builders share: choosing a recipe by name, steps, output paths, image tags.</summary>
internal static class Recipes
{
    public const string Out = BuildRecipe.OutputDirectory;

    /// <summary>distroless images (nonroot tags; the USER line sets 65532 anyway).</summary>
    public const string DistrolessBase = "gcr.io/distroless/base-debian12:nonroot";
    public const string DistrolessCc = "gcr.io/distroless/cc-debian12:nonroot";
    public const string Scratch = "scratch";

    /// <summary>The recipe the user asked for, or the default; an unknown name is a usage error listing the known ones.</summary>
    public static string Choose(BuildSettings settings, IReadOnlyList<string> known, string defaultName, Language language)
    {
        var name = settings.Recipe ?? defaultName;
        return known.Contains(name, StringComparer.Ordinal) ? name
            : throw new DistillException(ErrorCode.Usage, $"--recipe '{name}' is not a {language} recipe (use {string.Join(", ", known)})");
    }

    /// <summary>"Why" text for a user's override or the builder's default.</summary>
    public static string Why(BuildSettings settings, string defaultWhy) =>
        settings.Recipe is null ? defaultWhy : $"--recipe {settings.Recipe} asked for it";

    public static BuildStep Step(params string[] args) => new(args);

    public static BuildStep Step(IEnumerable<KeyValuePair<string, string>> env, params string[] args) => new(args) { Env = env.ToList() };

    public static KeyValuePair<string, string> Env(string key, string value) => new(key, value);

    /// <summary>The project's version, or the default with a reason for the build image's tag.</summary>
    public static (string Version, string Why) Version(ProjectInfo project, string fallback) =>
        project.ToolchainVersion is { } v ? (v, $"{project.ToolchainVersionSource} asks for {v}") : (fallback, $"the project pins no version; Distill's default is {fallback}");

    /// <summary>Which of <paramref name="names"/> the project has (for the Dockerfile's dependency layer), or none when there are no steps.</summary>
    public static IReadOnlyList<string> DependencyFiles(ProjectInfo project, IReadOnlyList<BuildStep> steps, params string[] names) =>
        steps.Count == 0 ? [] : names.Where(n => File.Exists(Path.Combine(project.Directory, n))).ToList();

    /// <summary>apt-get in the build stage only (the linter forbids it in the final stage).</summary>
    public static string AptInstall(params string[] packages) =>
        $"apt-get update && apt-get install -y --no-install-recommends {string.Join(' ', packages)} && rm -rf /var/lib/apt/lists/*";
}
