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
            var build = await AppBuild.RunAsync(project, recipe, runner, work, log, cancellationToken).ConfigureAwait(false);
            var runtime = await HostRuntime.CollectAsync(build, runner, cancellationToken).ConfigureAwait(false);
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
                AppEntries = AppEntries(build),
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

    /// <summary>The app layer: every output at its image directory; a whole-project output leaves Distill's own folder out.</summary>
    public static IReadOnlyList<LayerEntry> AppEntries(BuildResult build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var plan = new List<LayerEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < build.Outputs.Count; i++)
        {
            var output = build.Recipe.Outputs[i];
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
