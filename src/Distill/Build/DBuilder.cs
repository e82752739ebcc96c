using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>
/// D with LDC: <c>ldc2 -static</c> over the sources (dub links in a separate step that ignores
/// -static, so a dub project without dependencies is compiled with ldc2 directly); a dub project
/// with dependencies gets <c>dub build</c> and its library closure.
/// </summary>
public sealed class DBuilder : IAppBuilder
{
    // Debian's static Phobos needs zlib after it on the link line; --whole-archive makes the order irrelevant.
    private static readonly string[] StaticFlags = ["-static", "-L--whole-archive", "-L-lz", "-L--no-whole-archive"];

    public IReadOnlyList<Language> Languages { get; } = [Language.D];

    public IReadOnlyList<string> Recipes { get; } = ["static", "dynamic"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var dubDeps = project.Fact("dependencies") == "yes";
        var name = Choose(settings, Recipes, dubDeps ? "dynamic" : "static", Language.D);
        var isStatic = name == "static";
        if (isStatic && dubDeps)
        {
            throw new DistillException(ErrorCode.Usage, $"--recipe static cannot build '{project.Directory}': its dub dependencies need dub, which links without -static");
        }
        var useDub = project.BuildSystem == "dub" && !isStatic;
        var output = useDub ? project.Name : $"{Out}/{project.Name}";
        BuildStep step = useDub
            ? new BuildStep(["dub", "build", "--build=release", "--compiler=ldc2", .. settings.ExtraArgs])
            : new BuildStep(["ldc2", "-O", "-release", .. isStatic ? StaticFlags : Array.Empty<string>(), .. settings.ExtraArgs, $"-of={output}", .. project.Sources]);
        return new BuildRecipe
        {
            Language = Language.D,
            Name = name,
            Reason = Why(settings, isStatic
                ? "ldc2 -static links druntime, Phobos and glibc into one file for scratch" + (project.BuildSystem == "dub" ? " (the dub project has no dependencies, so ldc2 compiles its sources directly)" : "")
                : "dub dependencies need dub, which links dynamically: the binary gets its library closure"),
            Tools = useDub ? [Tools.Dub, Tools.Ldc2] : [Tools.Ldc2],
            Steps = [step],
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = isStatic ? RuntimeKind.None : RuntimeKind.Closure,
            BuildImage = "dlang2/ldc-ubuntu:1.30.0",
            BuildImageReason = "LDC 1.30, the version Debian 12 ships",
            Setup = isStatic ? [AptInstall("zlib1g-dev")] : [],
            FinalImage = isStatic ? Scratch : DistrolessBase,
        };
    }
}
