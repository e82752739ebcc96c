using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>
/// C and C++ with CMake, Make or plain sources: <c>musl-gcc -static</c> for C when musl-tools is
/// installed, else glibc <c>-static</c> (always for C++: musl-gcc has no libstdc++), or dynamic (closure).
/// </summary>
public sealed class CBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.C, Language.Cpp];

    public IReadOnlyList<string> Recipes { get; } = ["musl-static", "glibc-static", "dynamic"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tools);
        var cpp = project.Language == Language.Cpp;
        var musl = !cpp && tools.FindTool("musl-gcc") is not null;
        var name = Choose(settings, Recipes, musl ? "musl-static" : "glibc-static", project.Language);
        if (cpp && name == "musl-static")
        {
            throw new DistillException(ErrorCode.Usage, "--recipe musl-static cannot build C++: musl-gcc has no C++ library (use glibc-static)");
        }
        var compiler = name == "musl-static" ? Tools.MuslGcc : cpp ? Tools.Gxx : Tools.Gcc;
        var staticFlag = name == "dynamic" ? null : "-static";
        var why = Why(settings, musl ? "musl-gcc is installed: a fully static C binary for scratch"
            : cpp ? "C++ links glibc and libstdc++ statically (-static)" : "musl-gcc is not installed; glibc -static instead (NSS lookups aside)");
        var (steps, output, buildTools) = project.BuildSystem switch
        {
            "cmake" => CMake(project, compiler.Name, cpp, staticFlag, settings.ExtraArgs),
            "make" => Make(project, compiler.Name, cpp, staticFlag, settings.ExtraArgs),
            _ => Sources(project, compiler.Name, staticFlag, settings.ExtraArgs),
        };
        var setup = new List<string>();
        if (name == "musl-static" || project.BuildSystem == "cmake")
        {
            setup.Add(AptInstall([.. name == "musl-static" ? ["musl-tools"] : Array.Empty<string>(), .. project.BuildSystem == "cmake" ? ["cmake"] : Array.Empty<string>()]));
        }
        return new BuildRecipe
        {
            Language = project.Language,
            Name = name,
            Reason = why,
            Tools = [compiler, .. buildTools],
            Steps = steps,
            Outputs = [new RecipeOutput(output, "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = name == "dynamic" ? RuntimeKind.Closure : RuntimeKind.None,
            BuildImage = "gcc:12-bookworm",
            BuildImageReason = "the gcc image of Debian 12's compiler (gcc 12)",
            Setup = setup,
            FinalImage = name == "dynamic" ? (cpp ? DistrolessCc : DistrolessBase) : Scratch,
        };
    }

    private static (List<BuildStep>, string, List<RequiredTool>) CMake(ProjectInfo p, string cc, bool cpp, string? staticFlag, IReadOnlyList<string> extra)
    {
        var dir = $"{Out}/cmake";
        List<string> configure = ["cmake", "-S", ".", "-B", dir, "-DCMAKE_BUILD_TYPE=Release", $"-DCMAKE_{(cpp ? "CXX" : "C")}_COMPILER={cc}"];
        if (staticFlag is not null)
        {
            configure.Add($"-DCMAKE_EXE_LINKER_FLAGS={staticFlag}");
        }
        return ([new BuildStep([.. configure, .. extra]), Step("cmake", "--build", dir)], $"{dir}/{p.Name}", [Tools.CMake, Tools.Make]);
    }

    private static (List<BuildStep>, string, List<RequiredTool>) Make(ProjectInfo p, string cc, bool cpp, string? staticFlag, IReadOnlyList<string> extra)
    {
        List<string> args = ["make", $"{(cpp ? "CXX" : "CC")}={cc}"];
        if (staticFlag is not null)
        {
            args.Add($"LDFLAGS={staticFlag}");
        }
        return ([new BuildStep([.. args, .. extra])], p.Name, [Tools.Make]);
    }

    private static (List<BuildStep>, string, List<RequiredTool>) Sources(ProjectInfo p, string cc, string? staticFlag, IReadOnlyList<string> extra)
    {
        var output = $"{Out}/{p.Name}";
        List<string> args = [cc, "-O2"];
        if (staticFlag is not null)
        {
            args.Add(staticFlag);
        }
        return ([new BuildStep([.. args, .. extra, "-o", output, .. p.Sources])], output, []);
    }
}
