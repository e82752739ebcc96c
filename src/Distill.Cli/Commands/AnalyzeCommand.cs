using System.CommandLine;
using System.Text;
using Distill.Inspect;
using Distill.Oci;

namespace Distill.Cli.Commands;

/// <summary>
/// <c>distill analyze PATH... [--json] [--platform P]</c>: what each artifact is, what it needs at run time,
/// and which base serves it. Exit 0 when every path was analysed; 1 when one could not be (one line each on
/// stderr, and with --json still an object with format "unknown"); 2 for usage errors.
/// </summary>
public static class AnalyzeCommand
{
    private static readonly Argument<string[]> Paths = new("PATH") { Description = "Artifacts: an ELF binary, a script, a jar, a .NET assembly, or a directory (a publish folder, an app)", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object per artifact (one per line)" };
    private static readonly Option<string> PlatformOption = new("--platform") { Description = "The platform the image is for; native code built for another gets a warning (default: this machine's)" };

    public static Command Create()
    {
        var command = new Command("analyze", "Tell what an artifact is, what it needs at run time, and the smallest base that serves it") { Paths, Json, PlatformOption };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, _ => RunAsync(parse), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var json = parse.GetValue(Json);
        var options = new InspectOptions();
        if (parse.GetValue(PlatformOption) is { } platform)
        {
            options = options with { Target = Platform.Parse(platform) };
        }
        var exit = ExitCodes.Ok;
        foreach (var path in parse.GetValue(Paths)!)
        {
            ArtifactReport report;
            try
            {
                report = ArtifactInspector.Inspect(path, options);
            }
            catch (DistillException e) when (!e.IsUsageError)
            {
                // One bad input does not stop the others; it is reported like CommandRunner would.
                await Console.Error.WriteLineAsync($"distill: error {e.CodeText}: {e.Message}").ConfigureAwait(false);
                exit = ExitCodes.Failed;
                continue;
            }
            if (json)
            {
                await Console.Out.WriteLineAsync(Encoding.UTF8.GetString(ArtifactReportJson.Write(report))).ConfigureAwait(false);
            }
            else if (report.Problem is null)
            {
                await Console.Out.WriteAsync(ArtifactReportText.Write(report)).ConfigureAwait(false);
            }
            if (report.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"distill: error DST{(int)ErrorCode.UnknownArtifact:D3}: {problem}").ConfigureAwait(false);
                exit = ExitCodes.Failed;
            }
        }
        return exit;
    }
}
