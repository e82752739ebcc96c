using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Ruby: <c>bundle install</c> into vendor/bundle (when there is a Gemfile) and the host's Ruby with its standard library.</summary>
public sealed class RubyBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Ruby];

    public IReadOnlyList<string> Recipes { get; } = ["bundler"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "bundler", Language.Ruby);
        var gemfile = project.Fact("gemfile") == "yes";
        List<BuildStep> steps = gemfile
            ? [Step("bundle", "config", "set", "--local", "path", "vendor/bundle"), Step("bundle", "config", "set", "--local", "without", "development test"),
               new BuildStep(["bundle", "install", .. settings.ExtraArgs])]
            : [];
        var (version, why) = Version(project, "3.1");
        return new BuildRecipe
        {
            Language = Language.Ruby,
            Name = name,
            Reason = Why(settings, "the app's files with the host's Ruby, its standard library and libraries (no distroless Ruby exists)"),
            Tools = gemfile ? [Tools.Ruby, Tools.Bundle] : [Tools.Ruby],
            Steps = steps,
            DependencyFiles = DependencyFiles(project, steps, "Gemfile", "Gemfile.lock"),
            Outputs = [new RecipeOutput(".", "/app")],
            Entrypoint = ["/usr/local/bin/ruby", $"/app/{project.MainFile}"],
            Env = gemfile ? [Env("BUNDLE_GEMFILE", "/app/Gemfile"), Env("BUNDLE_PATH", "/app/vendor/bundle")] : [],
            Runtime = RuntimeKind.Ruby,
            BuildImage = $"ruby:{version}-slim-bookworm",
            BuildImageReason = why,
            FinalImage = $"ruby:{version}-slim-bookworm",
        };
    }
}
