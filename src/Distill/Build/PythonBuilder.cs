using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Python: dependencies installed into the app (<c>pip install --target</c>) with the same Python as the runtime.</summary>
public sealed class PythonBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Python];

    public IReadOnlyList<string> Recipes { get; } = ["pip"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "pip", Language.Python);
        List<BuildStep> steps = [];
        if (project.Fact("requirements") == "yes")
        {
            steps.Add(new BuildStep(["python3", "-m", "pip", "install", "--no-cache-dir", "--no-compile", "--target", "site-packages", "-r", "requirements.txt", .. settings.ExtraArgs]));
        }
        var (version, why) = Version(project, "3.11");
        return new BuildRecipe
        {
            Language = Language.Python,
            Name = name,
            Reason = Why(settings, "the app's files with the interpreter, its libraries and the stdlib modules the app imports"),
            Tools = steps.Count > 0 ? [Tools.Python, Tools.Pip] : [Tools.Python],
            Steps = steps,
            DependencyFiles = DependencyFiles(project, steps, "requirements.txt"),
            Outputs = [new RecipeOutput(".", "/app")],
            Entrypoint = ["/usr/bin/python3", $"/app/{project.MainFile}"],
            Env = [Env("PYTHONPATH", "/app/site-packages"), Env("PYTHONDONTWRITEBYTECODE", "1"), Env("PYTHONUNBUFFERED", "1")],
            Runtime = RuntimeKind.Python,
            BuildImage = $"python:{version}-slim-bookworm",
            BuildImageReason = why,
            // distroless python3 is Debian 12's Python 3.11.
            FinalImage = "gcr.io/distroless/python3-debian12:nonroot",
        };
    }
}
