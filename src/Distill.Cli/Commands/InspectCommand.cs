using System.CommandLine;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary><c>distill inspect IMAGE [--json]</c>: config, layers with sizes, platforms of an index, total size, for any transport.</summary>
public static class InspectCommand
{
    private static readonly Argument<string> ImageArgument = new("IMAGE") { Description = "docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE[:NAME:TAG]" };
    private static readonly Option<string> Creds = RegistryCliOptions.Creds("--creds", "the registry");
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON" };
    private static readonly Option<bool> Files = new("--files") { Description = "Also list the image's files after its layers are applied, and what each ELF needs (loader, libraries)" };
    private static readonly Option<string> PlatformOption = new("--platform") { Description = "With --files: the platform of an index to list (default: the only one, else linux/amd64)" };

    public static Command Create()
    {
        var command = new Command("inspect", "Show an image's or index's config, layers, platforms and sizes")
        {
            ImageArgument, Creds, Json, Files, PlatformOption, RegistryCliOptions.InsecureRegistry, RegistryCliOptions.CertDir,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, Console.In, Console.Out, token), ct));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parse, TextReader stdin, TextWriter stdout, CancellationToken cancellationToken)
    {
        var location = ImageLocation.Parse(parse.GetValue(ImageArgument)!);
        var options = RegistryCliOptions.Build(parse, parse.GetValue(Creds), RegistryCliOptions.RegistryOf(location), stdin);
        var artifact = await Transports.CreateSource(location, options).ReadAsync(cancellationToken).ConfigureAwait(false);
        var json = parse.GetValue(Json);
        await stdout.WriteAsync(json ? InspectOutput.Json(location, artifact) + "\n" : InspectOutput.Text(location, artifact)).ConfigureAwait(false);
        if (parse.GetValue(Files))
        {
            var platform = parse.GetValue(PlatformOption) is { } p ? Oci.Platform.Parse(p) : null;
            var files = await Containerize.ListFilesAsync(artifact, platform, location.Text, cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync(json ? InspectFiles.Json(files) + "\n" : InspectFiles.Text(files)).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }
}
