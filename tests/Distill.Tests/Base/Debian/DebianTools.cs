namespace Distill.Tests.Base.Debian;

/// <summary>Runs tools with an empty stdin (gpg and apt-get must never wait for a terminal).</summary>
internal static class DebianTools
{
    public static (int Exit, string Stdout, string Stderr) Run(string exe, IEnumerable<string> args, string? workingDirectory = null)
    {
        var outcome = Testing.Run.Process(exe, args, workingDirectory, stdin: "");
        return (outcome.ExitCode, outcome.Stdout, outcome.Stderr);
    }

    public static string RunOk(string exe, IEnumerable<string> args, string? workingDirectory = null)
    {
        var list = args.ToList();
        return Testing.Run.Process(exe, list, workingDirectory, stdin: "").AssertSuccess($"{exe} {string.Join(' ', list)}").Stdout;
    }
}
