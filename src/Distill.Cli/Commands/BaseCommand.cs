using System.CommandLine;
using Distill.Base.Debian;
using Distill.Images;
using Distill.Oci;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary><c>distill base TIER [options] -o DEST...</c>: a distroless-equivalent base from Debian packages.</summary>
public static class BaseCommand
{
    private static readonly Argument<string> TierArgument = new("TIER") { Description = $"The tier: {string.Join(", ", DebianTiers.Names)}" };
    private static readonly Option<string[]> Output = new("--output", "-o") { Description = "Destination: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG] (repeatable)", Arity = ArgumentArity.OneOrMore, Required = true };
    private static readonly Option<string> Arch = new("--arch") { Description = "Debian architecture (amd64, arm64, ...)", DefaultValueFactory = _ => "amd64" };
    private static readonly Option<bool> NonRoot = new("--nonroot") { Description = "Run as 65532 (nonroot) in /home/nonroot instead of 0 in /" };
    private static readonly Option<string[]> Add = new("--add") { Description = "Add a package NAME or NAME=VERSION with its dependencies (repeatable)" };
    private static readonly Option<string> Lock = new("--lock") { Description = "Rebuild exactly the packages of this lock file, from the cache (downloading only what is missing)" };
    private static readonly Option<string> LockOutput = new("--lock-output") { Description = "Where to write the lock file of a resolved build", DefaultValueFactory = _ => LockFile.DefaultName };
    private static readonly Option<string> Mirror = new("--mirror") { Description = "Use this archive instead of apt's configured sources (with --suite and --component)" };
    private static readonly Option<string> Suite = new("--suite") { Description = "Suite or codename for --mirror", DefaultValueFactory = _ => "bookworm" };
    private static readonly Option<string[]> Component = new("--component") { Description = "Component for --mirror (repeatable, default main)" };
    private static readonly Option<string[]> Keyring = new("--keyring") { Description = "Verify Release files with this keyring instead of apt's (repeatable)" };
    private static readonly Option<string> DebDir = new("--deb-dir") { Description = "Take packages from the .deb files of this directory (offline, unsigned)" };
    private static readonly Option<bool> Offline = new("--offline") { Description = "Never use the network (with --lock or --deb-dir)" };
    private static readonly Option<string> AptRoot = new("--apt-root") { Description = "apt's configuration directory", DefaultValueFactory = _ => "/etc/apt" };
    private static readonly Option<string> CompressionOption = new("--compression") { Description = "Layer compression: gzip, zstd or none", DefaultValueFactory = _ => "gzip" };
    private static readonly Option<bool> NoCache = new("--no-cache") { Description = "Unpack and compress again instead of reusing an identical cached tier or layer" };

    public static Command Create()
    {
        var command = new Command("base", "Build a distroless-equivalent base image from verified Debian packages")
        {
            TierArgument, Output, Arch, NonRoot, Add, Lock, LockOutput, Mirror, Suite, Component, Keyring, DebDir, Offline, AptRoot, CompressionOption, NoCache,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var destinations = parse.GetValue(Output)!.Select(ImageLocation.Parse).ToList();
        var quiet = parse.GetValue(CommonOptions.Quiet);
        var options = Options(parse);
        var result = await DebianBase.BuildAsync(parse.GetValue(TierArgument)!, options, cancellationToken).ConfigureAwait(false);
        if (options.LockPath is null && options.DebDirectory is null)
        {
            result.Lock.Write(parse.GetValue(LockOutput)!);
        }
        var artifact = ImageSerializer.Serialize(result.Image);
        foreach (var destination in destinations)
        {
            var written = await Transports.CreateSink(destination).WriteAsync(artifact, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(quiet ? written.Digest.ToString() : $"{destination.Text} {written.Digest}").ConfigureAwait(false);
        }
        if (!quiet)
        {
            var size = result.Image.Layers.Sum(l => l.Descriptor.Size);
            await Console.Out.WriteLineAsync(
                $"{result.Lock.Tier} ({result.Lock.Architecture}): {result.Lock.Packages.Count} packages, {result.Image.Layers.Count} layers, {size / 1024.0 / 1024.0:F1} MiB compressed{(result.FromCache ? " (cached)" : "")}").ConfigureAwait(false);
            foreach (var e in result.Excluded)
            {
                await Console.Out.WriteLineAsync($"  dropped on purpose: {e.Package} -> {e.Dependency}").ConfigureAwait(false);
            }
        }
        return ExitCodes.Ok;
    }

    private static DebianBaseOptions Options(ParseResult parse)
    {
        var mirror = parse.GetValue(Mirror);
        var keyrings = parse.GetValue(Keyring) ?? [];
        var compression = parse.GetValue(CompressionOption) switch
        {
            "gzip" => Compression.Gzip,
            "zstd" => Compression.Zstd,
            "none" => Compression.None,
            var other => throw new DistillException(ErrorCode.Usage, $"--compression '{other}' is not gzip, zstd or none"),
        };
        if (parse.GetValue(Lock) is not null && (mirror is not null || parse.GetValue(DebDir) is not null))
        {
            throw new DistillException(ErrorCode.Usage, "--lock rebuilds from the cache; it cannot be combined with --mirror or --deb-dir");
        }
        return new DebianBaseOptions
        {
            Architecture = parse.GetValue(Arch)!,
            NonRoot = parse.GetValue(NonRoot),
            Add = parse.GetValue(Add) ?? [],
            LockPath = parse.GetValue(Lock),
            Sources = mirror is null ? null : [AptSources.Explicit(mirror, parse.GetValue(Suite)!, parse.GetValue(Component) ?? [], keyrings)],
            Keyrings = keyrings.Length > 0 ? keyrings : null,
            DebDirectory = parse.GetValue(DebDir),
            Offline = parse.GetValue(Offline),
            AptRoot = parse.GetValue(AptRoot)!,
            SourceDateEpoch = CommonOptions.SourceDateEpoch(),
            Compression = compression,
            UseImageCache = !parse.GetValue(NoCache),
            Log = parse.GetValue(CommonOptions.Quiet) ? null : Console.Error,
        };
    }
}
