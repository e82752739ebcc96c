using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>D with LDC: <c>ldc2 -static</c> (or <c>dub build</c> with <c>-static</c> link flags), else dynamic (closure).</summary>
public sealed class DBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.D];

    public IReadOnlyList<string> Recipes { get; } = ["static", "dynamic"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "static", Language.D);
        var isStatic = name == "static";
        var output = project.BuildSystem == "dub" ? project.Name : $"{Out}/{project.Name}";
        BuildStep step = project.BuildSystem == "dub"
            ? new BuildStep(["dub", "build", "--build=release", "--compiler=ldc2", .. settings.ExtraArgs])
            {
                Env = isStatic ? [Env("DFLAGS", "-static")] : [],
            }
            : new BuildStep(["ldc2", "-O", "-release", .. isStatic ? ["-static"] : Array.Empty<string>(), .. settings.ExtraArgs, $"-of={output}", .. project.Sources]);
        return new BuildRecipe
        {
            Language = Language.D,
            Name = name,
            Reason = Why(settings, "ldc2 links druntime, Phobos and glibc statically with -static"),
            Tools = project.BuildSystem == "dub" ? [Tools.Dub, Tools.Ldc2] : [Tools.Ldc2],
            Steps = [step],
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = isStatic ? RuntimeKind.None : RuntimeKind.Closure,
            BuildImage = "dlang2/ldc-ubuntu:1.30.0",
            BuildImageReason = "LDC 1.30, the version Debian 12 ships",
            FinalImage = isStatic ? Scratch : DistrolessBase,
        };
    }
}
