using Distill.Detect;
using Distill.Layers;

namespace Distill.Build;

/// <summary>
/// detect → plan → build (in a temp copy) → collect the runtime → pack. The log gets the recipe
/// and why it was chosen before anything runs.
/// </summary>
public static class BuildPipeline
{
    /// <summary>Plans the build of <paramref name="directory"/> (what <c>distill dockerfile</c> writes, too).</summary>
    public static (ProjectInfo Project, BuildRecipe Recipe) Plan(string directory, BuildSettings settings, IProcessRunner runner)
    {
        var project = ProjectDetector.Detect(directory);
        return (project, Builders.For(project.Language).Plan(project, settings, runner));
    }

    /// <summary>Builds and packs the project.</summary>
    /// <exception cref="DistillException">Detection, a missing toolchain, the build or the pack failed.</exception>
    public static async Task<BuildOutcome> RunAsync(BuildRequest request, IProcessRunner runner, BlobStore store, TextWriter? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runner);
        var (project, recipe) = Plan(request.ProjectDirectory, request.Settings, runner);
        log?.WriteLine($"Detected {project.Language} ({project.BuildSystem}): {project.Reason}");
        log?.WriteLine($"Recipe {recipe.Name}: {recipe.Display()}");
        log?.WriteLine($"  because {recipe.Reason}");
        var work = Path.Combine(Path.GetTempPath(), $"distill-build-{Guid.NewGuid():N}");
        try
        {
            var tier = DebianTierFor(recipe, request.RuntimeSource);
            var build = await AppBuild.RunAsync(project, recipe, runner, work, log, cancellationToken).ConfigureAwait(false);
            if (tier is not null)
            {
                log?.WriteLine($"Runtime: the {tier} tier from Debian packages (--runtime-source debian)");
                var onTier = request.Pack with
                {
                    InputPath = build.BuildDirectory,
                    Base = tier,
                    AppEntries = AppEntries(build, applicationOnly: true),
                    // The tier's entrypoint is the interpreter (java -jar, node, python3); the app is its argument.
                    Cmd = request.Pack.Cmd ?? [recipe.Entrypoint[^1]],
                    Env = [.. recipe.Env, .. request.Pack.Env],
                };
                var packedOnTier = await Containerize.PackAsync(onTier, store, cancellationToken).ConfigureAwait(false);
                return new BuildOutcome(project, recipe, null, packedOnTier, request.KeepBuildDirectory ? work : null);
            }
            var appEntries = AppEntries(build);
            var runtime = await HostRuntime.CollectAsync(build, runner, appEntries, cancellationToken).ConfigureAwait(false);
            if (runtime is not null)
            {
                log?.WriteLine($"Runtime: {runtime.Description}");
                foreach (var note in runtime.Notes)
                {
                    log?.WriteLine($"  note: {note}");
                }
            }
            // Native outputs: the analysis of the binary picks the base (scratch, static, or its exact closure).
            // Runtimes: the static essentials under the runtime layer built here.
            var native = runtime is null;
            var pack = request.Pack with
            {
                InputPath = native ? build.Outputs[0] : build.BuildDirectory,
                Base = native || request.Pack.Base != "auto" ? request.Pack.Base : "static",
                AppEntries = appEntries,
                ExtraLayers = runtime is null ? [] : [new ExtraLayer(runtime.Description, runtime.Entries)],
                Entrypoint = request.Pack.Entrypoint ?? recipe.Entrypoint,
                Env = [.. recipe.Env, .. request.Pack.Env],
            };
            var packed = await Containerize.PackAsync(pack, store, cancellationToken).ConfigureAwait(false);
            return new BuildOutcome(project, recipe, runtime, packed, request.KeepBuildDirectory ? work : null);
        }
        finally
        {
            if (!request.KeepBuildDirectory && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The Debian tier that replaces the host runtime, or null to use the host's.</summary>
    /// <exception cref="DistillException">The source is unknown, or no tier carries this runtime.</exception>
    private static string? DebianTierFor(BuildRecipe recipe, string source)
    {
        if (source == "host" || recipe.Runtime is RuntimeKind.None or RuntimeKind.Closure)
        {
            return source is "host" or "debian" ? null : throw new DistillException(ErrorCode.Usage, $"--runtime-source '{source}' is not host or debian");
        }
        return source != "debian"
            ? throw new DistillException(ErrorCode.Usage, $"--runtime-source '{source}' is not host or debian")
            : recipe.Runtime switch
            {
                RuntimeKind.Java => Base.BaseTier.Java17,
                RuntimeKind.Node => Base.BaseTier.NodeJs,
                RuntimeKind.Python => Base.BaseTier.Python3,
                var other => throw new DistillException(ErrorCode.Usage, $"no Debian tier carries the {other} runtime; use --runtime-source host"),
            };
    }

    /// <summary>The app layer: every output at its image directory; a whole-project output leaves Distill's own folder out.</summary>
    /// <param name="build">The build.</param>
    /// <param name="applicationOnly">Leave out runtime outputs (a jlink'd JRE) when a tier brings the runtime.</param>
    public static IReadOnlyList<LayerEntry> AppEntries(BuildResult build, bool applicationOnly = false)
    {
        ArgumentNullException.ThrowIfNull(build);
        var plan = new List<LayerEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < build.Outputs.Count; i++)
        {
            var output = build.Recipe.Outputs[i];
            if (applicationOnly && output.IsDirectory && output.ImageDirectory != "/app")
            {
                continue;
            }
            var skip = ImagePath.Combine(output.ImageDirectory, BuildRecipe.OutputDirectory);
            foreach (var entry in HostTree.Collect(build.Outputs[i], output.ImageDirectory))
            {
                var inDistillFolder = output.From == "." && (entry.Path == skip || entry.Path.StartsWith(skip + "/", StringComparison.Ordinal));
                if (!inDistillFolder && seen.Add(entry.Path))
                {
                    plan.Add(entry);
                }
            }
        }
        return plan;
    }
}
