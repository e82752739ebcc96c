using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Crystal: <c>crystal build --release --static</c> (needs static libgc/pcre/libevent), or dynamic (closure).</summary>
public sealed class CrystalBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Crystal];

    public IReadOnlyList<string> Recipes { get; } = ["static", "dynamic"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "static", Language.Crystal);
        var isStatic = name == "static";
        var output = $"{Out}/{project.Name}";
        var (version, why) = Version(project, "1.6.0");
        return new BuildRecipe
        {
            Language = Language.Crystal,
            Name = name,
            Reason = Why(settings, "crystal --static links the GC, PCRE and libevent statically, for scratch"),
            Tools = [Tools.Crystal],
            Steps = [new BuildStep(["crystal", "build", "--release", "--no-debug", .. isStatic ? ["--static"] : Array.Empty<string>(), .. settings.ExtraArgs, "-o", output, project.MainFile!])],
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = isStatic ? RuntimeKind.None : RuntimeKind.Closure,
            // Static Crystal builds are supported on Alpine (musl), which the official image offers.
            BuildImage = $"crystallang/crystal:{version}-alpine",
            BuildImageReason = why,
            FinalImage = isStatic ? Scratch : DistrolessBase,
        };
    }
}
