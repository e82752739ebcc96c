using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Rust: glibc with <c>+crt-static</c> (default), the musl target where installed, or the dynamic default (closure).</summary>
public sealed class RustBuilder : IAppBuilder
{
    private const string Gnu = "x86_64-unknown-linux-gnu";
    private const string Musl = "x86_64-unknown-linux-musl";

    public IReadOnlyList<Language> Languages { get; } = [Language.Rust];

    public IReadOnlyList<string> Recipes { get; } = ["crt-static", "musl", "dynamic"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var muslInstalled = MuslTargetInstalled();
        var openssl = project.Fact(RustDetector.OpensslFact);
        var name = Choose(settings, Recipes, muslInstalled && openssl is null ? "musl" : "crt-static", Language.Rust);
        var target = name == "musl" ? Musl : Gnu;
        var env = name == "dynamic" ? [] : new[] { Env("RUSTFLAGS", "-C target-feature=+crt-static") };
        var (version, why) = Version(project, "1");
        return new BuildRecipe
        {
            Language = Language.Rust,
            Name = name,
            Reason = Why(settings, openssl is not null
                ? $"{openssl}, which links the system's (glibc) OpenSSL and breaks on musl; glibc with +crt-static links it statically (libssl.a from libssl-dev)"
                : muslInstalled
                    ? "the musl target is installed: a fully static binary for scratch"
                    : "the musl target is not installed; glibc with +crt-static still links statically (NSS lookups aside)"),
            Tools = [Tools.Cargo],
            Steps = [Step(env, ["cargo", "build", "--release", "--target", target, .. settings.ExtraArgs])],
            Outputs = [new RecipeOutput($"target/{target}/release/{project.Name}", "/app")],
            Entrypoint = [$"/app/{project.Name}"],
            Runtime = name == "dynamic" ? RuntimeKind.Closure : RuntimeKind.None,
            BuildImage = $"rust:{version}-bookworm",
            BuildImageReason = why,
            Setup = name == "musl" ? [$"rustup target add {Musl}"] : [],
            FinalImage = name == "dynamic" ? DistrolessCc : Scratch,
        };
    }

    /// <summary>rustup keeps targets under RUSTUP_HOME/toolchains/*/lib/rustlib/TARGET; Debian's rustc under /usr/lib/rustlib.</summary>
    private static bool MuslTargetInstalled()
    {
        var home = Environment.GetEnvironmentVariable("RUSTUP_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".rustup");
        var toolchains = Path.Combine(home, "toolchains");
        return Directory.Exists("/usr/lib/rustlib/" + Musl)
            || (Directory.Exists(toolchains) && Directory.EnumerateDirectories(toolchains).Any(t => Directory.Exists(Path.Combine(t, "lib/rustlib", Musl))));
    }
}
