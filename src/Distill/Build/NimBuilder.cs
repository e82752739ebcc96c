using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Nim: <c>nim c -d:release --passL:-static</c>, through musl-gcc when installed.</summary>
public sealed class NimBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Nim];

    public IReadOnlyList<string> Recipes { get; } = ["musl-static", "glibc-static", "dynamic"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tools);
        var musl = tools.FindTool("musl-gcc") is not null;
        var name = Choose(settings, Recipes, musl ? "musl-static" : "glibc-static", Language.Nim);
        var output = $"{Out}/{project.Name}";
        List<string> args = ["nim", "c", "-d:release", "--opt:size", $"--nimcache:{Out}/nimcache"];
        if (name == "musl-static")
        {
            args.AddRange(["--gcc.exe:musl-gcc", "--gcc.linkerexe:musl-gcc"]);
        }
        if (name != "dynamic")
        {
            args.Add("--passL:-static");
        }
        args.AddRange([.. settings.ExtraArgs, $"--out:{output}", project.MainFile!]);
        var (version, why) = Version(project, "1.6.10");
        return new BuildRecipe
        {
            Language = Language.Nim,
            Name = name,
            Reason = Why(settings, musl ? "musl-gcc is installed: Nim's C output linked statically against musl, for scratch" : "musl-gcc is not installed; glibc -static instead"),
            Tools = name == "musl-static" ? [Tools.Nim, Tools.MuslGcc] : [Tools.Nim, Tools.Gcc],
            Steps = [new BuildStep(args)],
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = name == "dynamic" ? RuntimeKind.Closure : RuntimeKind.None,
            BuildImage = $"nimlang/nim:{version}",
            BuildImageReason = why,
            Setup = name == "musl-static" ? [AptInstall("musl-tools")] : [],
            FinalImage = name == "dynamic" ? DistrolessBase : Scratch,
        };
    }
}
