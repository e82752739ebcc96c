using System.CommandLine;
using System.Text;
using Distill.Oci;
using Distill.Publish;
using Distill.Verify;

namespace Distill.Cli.Commands;

/// <summary><c>distill verify IMAGE</c>: will it start? Exit 0 when it will, 1 when it will not.</summary>
public static class VerifyCommand
{
    private static readonly Argument<string> ImageArgument = new("IMAGE") { Description = "The image: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG], docker://REF" };
    private static readonly Option<string> PlatformOption = new("--platform") { Description = "The platform to check in an index (default: the only one, else linux/amd64)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the findings as JSON" };

    public static Command Create()
    {
        var command = new Command("verify", "Check statically that an image will start: entrypoint, loader and libraries, interpreter, user, /tmp")
        {
            ImageArgument, PlatformOption, Json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var location = ImageLocation.Parse(parse.GetValue(ImageArgument)!);
        var platform = parse.GetValue(PlatformOption) is { } p ? Platform.Parse(p) : null;
        var report = await Containerize.VerifyAsync(location, platform, cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteAsync(parse.GetValue(Json) ? ToJson(report) + "\n" : ToText(report, parse.GetValue(CommonOptions.Quiet))).ConfigureAwait(false);
        return report.WillStart ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string ToText(VerifyReport report, bool quiet)
    {
        var sb = new StringBuilder();
        foreach (var f in report.Findings.Where(f => !quiet || f.Severity == Severity.Failure))
        {
            var tag = f.Severity switch { Severity.Ok => "ok  ", Severity.Warning => "warn", _ => "FAIL" };
            sb.Append(tag).Append("  ").Append(f.Check.PadRight(11)).Append(' ').Append(f.Message).Append('\n');
        }
        sb.Append(report.WillStart ? $"{report.Image} ({report.Platform}) will start\n" : $"{report.Image} ({report.Platform}) will NOT start\n");
        return sb.ToString();
    }

    private static string ToJson(VerifyReport report)
    {
        var w = new GoJsonWriter();
        w.StartObject().Property("image", report.Image).Property("platform", report.Platform).Name("willStart").Bool(report.WillStart).Name("findings").StartArray();
        foreach (var f in report.Findings)
        {
            w.StartObject().Property("severity", f.Severity.ToString().ToLowerInvariant()).Property("check", f.Check).Property("message", f.Message).EndObject();
        }
        w.EndArray().EndObject();
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }
}
