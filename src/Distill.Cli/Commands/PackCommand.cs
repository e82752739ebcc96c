using System.CommandLine;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary><c>distill pack PATH [options] -o DEST...</c>: package a prebuilt artifact.</summary>
public static class PackCommand
{
    private static readonly Argument<string> PathArgument = new("PATH") { Description = "The artifact: a file (a binary, a script, a jar) or a directory (a publish folder, an app); for several platforms, a directory with one subdirectory per platform (linux-amd64, linux-arm64...)", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string[]> Output = new("--output", "-o") { Description = "Destination: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG] (repeatable)", Arity = ArgumentArity.OneOrMore, Required = true };
    private static readonly Option<string> BaseOption = new("--base") { Description = "Base: auto (chosen from the artifact), scratch (only the app), static (passwd, CA bundle, zoneinfo, /tmp...), closure (static + the exact shared libraries), a Debian tier (base-nossl, base, cc, java17, nodejs, python3) or an image (oci:DIR:TAG, docker://REF...)", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> Entrypoint = new("--entrypoint") { Description = "Entrypoint, exec form: a JSON array or words separated by spaces (default: the packed executable)" };
    private static readonly Option<string> Cmd = new("--cmd") { Description = "Default arguments, exec form: a JSON array or words separated by spaces" };
    private static readonly Option<string[]> Env = new("--env", "-e") { Description = "Environment variable KEY=VALUE (repeatable)" };
    private static readonly Option<string> User = new("--user", "-u") { Description = "User as UID[:GID] (default: a base image's user, else 65532, the distroless nonroot user)" };
    private static readonly Option<string> WorkDir = new("--workdir", "-w") { Description = "Working directory" };
    private static readonly Option<string[]> Port = new("--port", "-p") { Description = "Exposed port NUMBER[/tcp|udp] (repeatable)" };
    private static readonly Option<string[]> Label = new("--label", "-l") { Description = "Config label KEY=VALUE (repeatable)" };
    private static readonly Option<string[]> Annotation = new("--annotation") { Description = "Manifest annotation KEY=VALUE (repeatable)" };
    private static readonly Option<string[]> PlatformOption = new("--platform") { Description = "Target platform os/arch[/variant] (default linux/amd64); repeat it, as os/arch=PATH or with a directory per platform, for a multi-arch image index" };
    private static readonly Option<string> DigestFile = new("--digest-file") { Description = "Write the image (or index) digest to this file" };
    private static readonly Option<string[]> Tag = new("--tag", "-t") { Description = "Also write the image under this tag, for each destination given without one (repeatable)" };
    private static readonly Option<string> AppDir = new("--app-dir") { Description = "Where the app goes in the image", DefaultValueFactory = _ => "/app" };
    private static readonly Option<string> EssentialsRoot = new("--essentials-root") { Description = "Take the static essentials' system files (CA bundle, zoneinfo, services) from this root", DefaultValueFactory = _ => "/" };
    private static readonly Option<string> SysrootOption = new("--sysroot") { Description = "For --base closure: take the loader and libraries from this root file system", DefaultValueFactory = _ => "/" };
    private static readonly Option<string> CompressionOption = new("--compression") { Description = "Layer compression: gzip, zstd or none", DefaultValueFactory = _ => "gzip" };
    private static readonly Option<int?> Level = new("--compression-level") { Description = "Compression level (gzip 1-9, default 2; zstd 1-19, default 3)" };
    private static readonly Option<bool> NoCache = new("--no-cache") { Description = "Compress every layer again instead of reusing an identical earlier one" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON" };

    public static Command Create()
    {
        var command = new Command("pack", "Package a prebuilt artifact (file or directory) into a minimal OCI image")
        {
            PathArgument, Output, BaseOption, Entrypoint, Cmd, Env, User, WorkDir, Port, Label, Annotation,
            PlatformOption, Tag, AppDir, EssentialsRoot, SysrootOption, CompressionOption, Level, NoCache, Json,
            DigestFile, RegistryCliOptions.InsecureRegistry, RegistryCliOptions.CertDir,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var progress = ProgressDisplay.ForConsole(parse.GetValue(CommonOptions.Quiet) || parse.GetValue(Json));
        var request = BuildRequest(parse) with { Registry = RegistryCliOptions.Build(parse, null, null, TextReader.Null, progress) };
        var result = await Containerize.PackAsync(request, BlobStore.Default(), cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(DigestFile) is { } digestFile)
        {
            await AtomicFile.WriteAllBytesAsync(digestFile, System.Text.Encoding.UTF8.GetBytes(result.Digest + "\n"), cancellationToken).ConfigureAwait(false);
        }
        if (parse.GetValue(Json))
        {
            await Console.Out.WriteLineAsync(PackOutput.Json(result)).ConfigureAwait(false);
        }
        else
        {
            await Console.Out.WriteAsync(PackOutput.Text(result, parse.GetValue(CommonOptions.Quiet))).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    private static PackRequest BuildRequest(ParseResult parse)
    {
        var compression = parse.GetValue(CompressionOption) switch
        {
            "gzip" => Compression.Gzip,
            "zstd" => Compression.Zstd,
            "none" => Compression.None,
            var other => throw new DistillException(ErrorCode.Usage, $"--compression '{other}' is not gzip, zstd or none"),
        };
        var level = parse.GetValue(Level);
        if (level is { } l && (l < 1 || l > (compression == Compression.Zstd ? 19 : 9)))
        {
            throw new DistillException(ErrorCode.Usage, $"--compression-level {l} is out of range for {compression.ToString().ToLowerInvariant()}");
        }
        var user = parse.GetValue(User);
        var destinations = parse.GetValue(Output)!.Select(ImageLocation.Parse).ToList();
        var tags = parse.GetValue(Tag) ?? [];
        foreach (var tag in tags)
        {
            if (!ImageLocation.IsValidTag(tag))
            {
                throw new DistillException(ErrorCode.Usage, $"--tag '{tag}' is not a valid tag");
            }
        }
        if (tags.Length > 0)
        {
            destinations = destinations.SelectMany(d => d.Reference is null && d.Transport is Transport.OciLayout
                ? tags.Select(t => ImageLocation.Parse($"{d.Text}:{t}"))
                : [d]).ToList();
        }
        var (platform, platformInputs) = Platforms(parse.GetValue(PlatformOption) ?? [], parse.GetValue(PathArgument));
        return new PackRequest
        {
            InputPath = parse.GetValue(PathArgument) ?? platformInputs.FirstOrDefault()?.InputPath
                ?? throw new DistillException(ErrorCode.Usage, "name the artifact to pack (PATH), or one per platform with --platform os/arch=PATH"),
            PlatformInputs = platformInputs,
            Base = parse.GetValue(BaseOption)!,
            AppDirectory = parse.GetValue(AppDir)!,
            Entrypoint = CommonOptions.ExecForm(parse.GetValue(Entrypoint), "--entrypoint"),
            Cmd = CommonOptions.ExecForm(parse.GetValue(Cmd), "--cmd"),
            Env = CommonOptions.KeyValues(parse.GetValue(Env), "--env"),
            User = user,
            WorkingDirectory = parse.GetValue(WorkDir),
            Ports = parse.GetValue(Port) ?? [],
            Labels = CommonOptions.KeyValues(parse.GetValue(Label), "--label").ToDictionary(),
            Annotations = CommonOptions.KeyValues(parse.GetValue(Annotation), "--annotation").ToDictionary(),
            Platform = platform,
            EssentialsRoot = parse.GetValue(EssentialsRoot)!,
            Sysroot = parse.GetValue(SysrootOption)!,
            Layers = new LayerOptions
            {
                Compression = compression,
                Level = level,
                SourceDateEpoch = CommonOptions.SourceDateEpoch(),
                UseCache = !parse.GetValue(NoCache),
            },
            Destinations = destinations,
        };
    }

    /// <summary>
    /// One platform (<c>--platform linux/arm64</c>), or several: <c>os/arch=PATH</c> each, or plain
    /// platforms with PATH a directory holding a subdirectory per platform (<c>linux-arm64</c>, or <c>arm64</c>).
    /// </summary>
    private static (Platform? Single, List<PlatformInput> Inputs) Platforms(string[] values, string? path)
    {
        if (values.Length == 0)
        {
            return (null, []);
        }
        if (values.Length == 1 && !values[0].Contains('=', StringComparison.Ordinal))
        {
            return (Platform.Parse(values[0]), []);
        }
        var inputs = new List<PlatformInput>();
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                inputs.Add(new PlatformInput(Platform.Parse(value[..eq]), value[(eq + 1)..]));
                continue;
            }
            var p = Platform.Parse(value);
            if (path is null || !Directory.Exists(path))
            {
                throw new DistillException(ErrorCode.Usage, $"--platform {value}: give its artifact as {value}=PATH, or PATH as a directory with a subdirectory per platform");
            }
            var names = new[] { p.ToString().Replace('/', '-'), p.ToString().Replace('/', '_'), p.Architecture + (p.Variant is null ? "" : "-" + p.Variant) };
            var dir = names.Select(n => Path.Combine(path, n)).FirstOrDefault(Directory.Exists)
                ?? throw new DistillException(ErrorCode.InputNotFound, $"'{path}' has no subdirectory for {p} (looked for {string.Join(", ", names)})");
            inputs.Add(new PlatformInput(p, dir));
        }
        var duplicate = inputs.GroupBy(i => i.Platform.ToString()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DistillException(ErrorCode.Usage, $"--platform {duplicate.Key} is given more than once");
        }
        return (null, inputs);
    }

}
