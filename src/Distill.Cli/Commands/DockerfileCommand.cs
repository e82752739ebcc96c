using System.CommandLine;
using Distill.Build;
using Distill.Dockerfile;

namespace Distill.Cli.Commands;

/// <summary><c>distill dockerfile [DIR] [--write [--force]]</c>: the equivalent multi-stage Dockerfile, from the same recipe as build.</summary>
public static class DockerfileCommand
{
    private static readonly Argument<string> Dir = new("DIR") { Description = "The project directory", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
    private static readonly Option<string> Recipe = new("--recipe") { Description = "Use this recipe instead of the default" };
    private static readonly Option<bool> Write = new("--write") { Description = "Write Dockerfile and .dockerignore into DIR instead of printing" };
    private static readonly Option<bool> Force = new("--force") { Description = "With --write, replace an existing Dockerfile or .dockerignore" };

    public static Command Create()
    {
        var command = new Command("dockerfile", "Print (or --write) the minimal multi-stage Dockerfile equivalent to distill build")
        {
            Dir, Recipe, Write, Force,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var dir = parse.GetValue(Dir)!;
        var (project, recipe) = BuildPipeline.Plan(dir, new BuildSettings { Recipe = parse.GetValue(Recipe) }, new ProcessRunner());
        var text = DockerfileWriter.Write(DockerfilePlan.From(project, recipe));
        var findings = DockerfileLinter.Lint(text);
        if (findings.Count > 0)
        {
            // A generated file that fails our own checks is a Distill bug, not the user's.
            throw new InvalidOperationException("the generated Dockerfile fails its checks: " + string.Join("; ", findings));
        }
        if (!parse.GetValue(Write))
        {
            await Console.Out.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        var dockerfile = Path.Combine(project.Directory, "Dockerfile");
        var ignore = Path.Combine(project.Directory, ".dockerignore");
        if (!parse.GetValue(Force))
        {
            foreach (var existing in new[] { dockerfile, ignore }.Where(File.Exists))
            {
                throw new DistillException(ErrorCode.OutputNotWritable, $"'{existing}' already exists; pass --force to replace it");
            }
        }
        await File.WriteAllTextAsync(dockerfile, text).ConfigureAwait(false);
        await File.WriteAllTextAsync(ignore, DockerignoreWriter.Write()).ConfigureAwait(false);
        if (!parse.GetValue(CommonOptions.Quiet))
        {
            await Console.Out.WriteLineAsync($"Wrote {dockerfile} and {ignore} ({project.Language}, recipe {recipe.Name}, build on {recipe.BuildImage}, final {recipe.FinalImage})").ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }
}
