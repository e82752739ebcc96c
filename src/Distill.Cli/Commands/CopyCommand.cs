using System.CommandLine;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary>
/// <c>distill copy SRC DEST</c>: between any two transports (registry, OCI layout, oci-archive,
/// docker-archive). The bytes read are the bytes written, so the digest is kept whenever the
/// destination format stores manifests as they are (every transport but docker-archive).
/// </summary>
public static class CopyCommand
{
    private static readonly Argument<string> Source = new("SRC") { Description = "Where to read: docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG]" };
    private static readonly Argument<string> Destination = new("DEST") { Description = "Where to write, in the same syntax" };
    private static readonly Option<string> SourceCreds = RegistryCliOptions.Creds("--src-creds", "the source registry");
    private static readonly Option<string> DestCreds = RegistryCliOptions.Creds("--dest-creds", "the destination registry");
    private static readonly Option<string> DigestFile = new("--digest-file") { Description = "Write the digest of what was written to this file" };

    public static Command Create()
    {
        var command = new Command("copy", "Copy an image or index between registries, layouts and archives, keeping its digest")
        {
            Source, Destination, SourceCreds, DestCreds, DigestFile, RegistryCliOptions.InsecureRegistry, RegistryCliOptions.CertDir,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, Console.In, Console.Out, token), ct));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parse, TextReader stdin, TextWriter stdout, CancellationToken cancellationToken)
    {
        var from = ImageLocation.Parse(parse.GetValue(Source)!);
        var to = ImageLocation.Parse(parse.GetValue(Destination)!);
        using var progress = stdout == Console.Out ? ProgressDisplay.ForConsole(parse.GetValue(CommonOptions.Quiet)) : null;
        var sourceOptions = RegistryCliOptions.Build(parse, parse.GetValue(SourceCreds), RegistryCliOptions.RegistryOf(from), stdin, progress);
        var destinationOptions = RegistryCliOptions.Build(parse, parse.GetValue(DestCreds), RegistryCliOptions.RegistryOf(to), stdin, progress);
        var source = Transports.CreateSource(from, sourceOptions);
        var sink = Transports.CreateSink(to, destinationOptions);
        // Reaching the destination registry (and warming the HTTP stack) overlaps with reading the source.
        var connect = sink is Distill.Publish.Registry.RegistrySink registry ? registry.ConnectAsync(cancellationToken) : Task.CompletedTask;
        var artifact = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        await connect.ConfigureAwait(false);
        var result = await sink.WriteAsync(artifact, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(DigestFile) is { } digestFile)
        {
            await Distill.Publish.AtomicFile.WriteAllBytesAsync(digestFile, System.Text.Encoding.UTF8.GetBytes(result.Digest + "\n"), cancellationToken).ConfigureAwait(false);
        }
        if (parse.GetValue(CommonOptions.Quiet))
        {
            await stdout.WriteLineAsync(result.PinnedReference ?? result.Digest.ToString()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        var kept = result.Digest == artifact.Root.Digest ? "digest kept" : $"digest changed from {artifact.Root.Digest} (the destination format rewrites manifests)";
        await stdout.WriteLineAsync($"Copied {from.Text} to {result.Location}: {result.Digest} ({kept})").ConfigureAwait(false);
        if (result.PinnedReference is { } pinned)
        {
            await stdout.WriteLineAsync(pinned).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }
}
