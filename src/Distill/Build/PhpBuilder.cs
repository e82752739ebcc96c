using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>PHP: <c>composer install --no-dev</c> (when there is a composer.json) and the host's PHP CLI with its extensions.</summary>
public sealed class PhpBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Php];

    public IReadOnlyList<string> Recipes { get; } = ["composer"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "composer", Language.Php);
        var composer = project.Fact("composer") == "yes";
        List<BuildStep> steps = composer
            ? [new BuildStep(["composer", "install", "--no-dev", "--no-interaction", "--optimize-autoloader", .. settings.ExtraArgs])]
            : [];
        var (version, why) = Version(project, "8.2");
        return new BuildRecipe
        {
            Language = Language.Php,
            Name = name,
            Reason = Why(settings, "the app's files with the host's PHP CLI, its extensions, ini files and libraries (no distroless PHP exists)"),
            Tools = composer ? [Tools.Php, Tools.Composer] : [Tools.Php],
            Steps = steps,
            Outputs = [new RecipeOutput(".", "/app")],
            Entrypoint = ["/usr/local/bin/php", $"/app/{project.MainFile}"],
            Runtime = RuntimeKind.Php,
            BuildImage = composer ? "composer:2" : $"php:{version}-cli-bookworm",
            BuildImageReason = composer ? $"the official Composer image ({why})" : why,
            FinalImage = $"php:{version}-cli-bookworm",
        };
    }
}
