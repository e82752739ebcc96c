using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>
/// .NET: NativeAOT with invariant globalization when the project allows it, else self-contained
/// single-file. Both are dynamic ELF files (glibc, libgcc_s, libstdc++ for single-file): closure.
/// </summary>
public sealed class DotNetBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.DotNet];

    public IReadOnlyList<string> Recipes { get; } = ["aot", "self-contained"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var aotAllowed = project.Fact("aot") != "no";
        var name = Choose(settings, Recipes, aotAllowed ? "aot" : "self-contained", Language.DotNet);
        var aot = name == "aot";
        var invariant = project.Fact("invariant") != "no";
        var publish = $"{Out}/publish";
        List<string> args = ["dotnet", "publish", project.MainFile!, "-c", "Release", "-r", "linux-x64", "-o", publish];
        args.AddRange(aot
            ? ["-p:PublishAot=true", "-p:StripSymbols=true"]
            : ["--self-contained", "-p:PublishSingleFile=true", "-p:PublishTrimmed=true"]);
        // No debug information: its paths name the (temporary) build directory, which would make every
        // build's assembly MVID, native debug link and build-id differ, and the image with them.
        args.AddRange(["-p:DebugType=none", "-p:DebugSymbols=false"]);
        if (invariant)
        {
            args.Add("-p:InvariantGlobalization=true");
        }
        args.AddRange(settings.ExtraArgs);
        var (version, why) = Version(project, "10.0");
        return new BuildRecipe
        {
            Language = Language.DotNet,
            Name = name,
            Reason = Why(settings, aot
                ? $"NativeAOT: one native file, no runtime to ship ({project.Fact("aotReason")}); invariant globalization drops ICU"
                : $"self-contained single-file ({project.Fact("aotReason")})"),
            Tools = aot ? [Tools.Dotnet, Tools.Clang] : [Tools.Dotnet],
            // NativeAOT links with the system C toolchain; the Dockerfile's SDK image gets clang and zlib.
            Steps = [Step([Env("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), Env("DOTNET_NOLOGO", "1")], [.. args])],
            Outputs = [new RecipeOutput($"{publish}/{project.Name}", "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Env = invariant ? [Env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")] : [],
            Runtime = RuntimeKind.Closure,
            BuildImage = $"mcr.microsoft.com/dotnet/sdk:{version}",
            BuildImageReason = why,
            Setup = aot ? [AptInstall("clang", "zlib1g-dev")] : [],
            FinalImage = DistrolessCc,
        };
    }
}
