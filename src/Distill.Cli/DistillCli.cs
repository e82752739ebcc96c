using System.CommandLine;
using Distill.Cli.Commands;

namespace Distill.Cli;

/// <summary>The command tree and the one place parse errors become exit code 2.</summary>
public static class DistillCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Distill: turn an application into the smallest container image that runs it, without a Docker daemon.");
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.Quiet);
        // In the order of the pipeline and of DESIGN.md's command list.
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(PackCommand.Create());
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(DockerfileCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(CopyCommand.Create());
        root.Subcommands.Add(BaseCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"distill: {error.Message}").ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync("Run 'distill --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
