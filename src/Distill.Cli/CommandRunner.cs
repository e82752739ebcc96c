using System.CommandLine;

namespace Distill.Cli;

/// <summary>Runs a command body and maps failures to one clear line and an exit code, in one place.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        var verbose = parse.GetValue(CommonOptions.Verbose);
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (DistillException e)
        {
            await Console.Error.WriteLineAsync($"distill: error {e.CodeText}: {e.Message}").ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }
            return e.IsUsageError ? ExitCodes.Usage : ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("distill: cancelled; outputs were left as they were before this run").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"distill: error: {e.Message}").ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"distill: internal error: {e.Message}{(verbose ? "" : " (run with --verbose for details)")}").ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }
            return ExitCodes.Failed;
        }
    }
}
