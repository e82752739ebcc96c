using System.CommandLine;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary><c>distill inspect IMAGE [--json]</c>: config, layers with sizes, platforms of an index, total size, for any transport.</summary>
public static class InspectCommand
{
    private static readonly Argument<string> ImageArgument = new("IMAGE") { Description = "docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE[:NAME:TAG]" };
    private static readonly Option<string> Creds = RegistryCliOptions.Creds("--creds", "the registry");
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON" };

    public static Command Create()
    {
        var command = new Command("inspect", "Show an image's or index's config, layers, platforms and sizes")
        {
            ImageArgument, Creds, Json, RegistryCliOptions.InsecureRegistry, RegistryCliOptions.CertDir,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, Console.In, Console.Out, token), ct));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parse, TextReader stdin, TextWriter stdout, CancellationToken cancellationToken)
    {
        var location = ImageLocation.Parse(parse.GetValue(ImageArgument)!);
        var options = RegistryCliOptions.Build(parse, parse.GetValue(Creds), RegistryCliOptions.RegistryOf(location), stdin);
        var artifact = await Transports.CreateSource(location, options).ReadAsync(cancellationToken).ConfigureAwait(false);
        await stdout.WriteAsync(parse.GetValue(Json) ? InspectOutput.Json(location, artifact) + "\n" : InspectOutput.Text(location, artifact)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
