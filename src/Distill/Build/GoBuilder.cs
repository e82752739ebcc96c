using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Go: <c>CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -buildid="</c> (static), or cgo (dynamic, closure).</summary>
public sealed class GoBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Go];

    public IReadOnlyList<string> Recipes { get; } = ["static", "cgo"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var needsCgo = project.Fact(GoDetector.CgoFact);
        var name = Choose(settings, Recipes, needsCgo is null ? "static" : "cgo", Language.Go);
        var cgo = name == "cgo";
        var output = $"{Out}/{project.Name}";
        var (version, why) = Version(project, "1.22");
        return new BuildRecipe
        {
            Language = Language.Go,
            Name = name,
            Reason = Why(settings, needsCgo is null
                ? "Go links statically when cgo is off: the binary needs no libc, so it goes on scratch"
                : $"{needsCgo}: cgo on, the binary links libc dynamically and ships with its exact library closure"),
            Tools = cgo ? [Tools.Go, Tools.Gcc] : [Tools.Go], // cgo compiles C with gcc
            Steps =
            [
                Step([Env("CGO_ENABLED", cgo ? "1" : "0")],
                    ["go", "build", "-trimpath", "-ldflags=-s -w -buildid=", .. settings.ExtraArgs, "-o", output, "."]),
            ],
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = cgo ? RuntimeKind.Closure : RuntimeKind.None,
            BuildImage = $"golang:{version}-bookworm",
            BuildImageReason = why,
            FinalImage = cgo ? DistrolessBase : Scratch,
        };
    }
}
