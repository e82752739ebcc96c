using Distill.Detect;

namespace Distill.Build;

/// <summary>Runs a recipe: checks the tools, copies the project to a build directory, runs each step there, checks the outputs.</summary>
public static class AppBuild
{
    /// <summary>Builds <paramref name="project"/> with <paramref name="recipe"/> in <paramref name="workDirectory"/> (which must be empty or missing).</summary>
    /// <exception cref="DistillException">A tool is missing (ToolchainMissing), a step fails or an output is missing (BuildFailed).</exception>
    public static async Task<BuildResult> RunAsync(ProjectInfo project, BuildRecipe recipe, IProcessRunner runner, string workDirectory,
        TextWriter? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(runner);
        foreach (var tool in recipe.Tools)
        {
            HostRuntime.Require(runner, tool);
        }
        var buildDir = Path.Combine(workDirectory, "src");
        SourceCopy.Copy(project.Directory, buildDir);
        Directory.CreateDirectory(Path.Combine(buildDir, BuildRecipe.OutputDirectory));
        foreach (var step in recipe.Steps)
        {
            log?.WriteLine($"  $ {step.Display()}");
            var program = step.Program.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(step.Program, buildDir) : HostRuntime.Require(runner, new RequiredTool(step.Program, "the toolchain"));
            var result = await runner.RunAsync(new ProcessSpec(program, step.Args.Skip(1).ToList(), buildDir) { Env = step.Env, Stream = log is not null }, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var tail = string.Join(" | ", (result.Stderr + result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
                throw new DistillException(ErrorCode.BuildFailed,
                    $"building '{project.Directory}' failed: '{string.Join(' ', step.Args.Take(2))}' exited with {result.ExitCode}{(tail.Length > 0 ? ": " + tail : "")}");
            }
        }
        var outputs = new List<string>();
        foreach (var output in recipe.Outputs)
        {
            var path = Path.GetFullPath(output.From, buildDir);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new DistillException(ErrorCode.BuildFailed,
                    $"building '{project.Directory}' with the {recipe.Name} recipe did not produce '{output.From}'");
            }
            outputs.Add(path);
        }
        return new BuildResult(recipe, buildDir, outputs);
    }
}
