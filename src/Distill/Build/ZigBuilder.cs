using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Zig: <c>zig build -Doptimize=ReleaseSmall -Dtarget=x86_64-linux-musl</c>, or <c>zig build-exe</c> for a lone file.</summary>
public sealed class ZigBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Zig];

    public IReadOnlyList<string> Recipes { get; } = ["static"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "static", Language.Zig);
        var buildZig = project.BuildSystem == "zig-build";
        var output = buildZig ? $"zig-out/bin/{project.Name}" : $"{Out}/{project.Name}";
        BuildStep step = buildZig
            ? new(["zig", "build", "-Doptimize=ReleaseSmall", "-Dtarget=x86_64-linux-musl", .. settings.ExtraArgs])
            : new(["zig", "build-exe", "-O", "ReleaseSmall", "-target", "x86_64-linux-musl", .. settings.ExtraArgs, $"-femit-bin={output}", project.MainFile!]);
        return new BuildRecipe
        {
            Language = Language.Zig,
            Name = name,
            Reason = Why(settings, "Zig bundles musl: -Dtarget=x86_64-linux-musl gives a static binary for scratch"),
            Tools = [Tools.Zig],
            Steps = [step],
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            BuildImage = "alpine:3.20",
            // There is no official Zig image; Alpine packages Zig.
            BuildImageReason = project.ToolchainVersion is null
                ? "no official Zig image: Alpine 3.20's zig package"
                : $"no official Zig image: Alpine 3.20's zig package ({project.ToolchainVersionSource} asks for {project.ToolchainVersion})",
            Setup = ["apk add --no-cache zig"],
            FinalImage = Scratch,
        };
    }
}
