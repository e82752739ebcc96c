using Distill.Base;
using Distill.Base.Closure;
using Distill.Images;
using Distill.Inspect;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;

namespace Distill;

/// <summary>
/// The facade: one request in, one result out. Reads the pipeline top to bottom:
/// collect the app → choose the base → write layers → assemble → serialize → sinks.
/// </summary>
public static class Containerize
{
    /// <summary>Packs a prebuilt artifact into an image and writes it to every destination.</summary>
    /// <exception cref="DistillException">Any user-actionable failure; no destination is left half-written.</exception>
    public static async Task<PackResult> PackAsync(PackRequest request, BlobStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (request.PlatformInputs.Count > 0)
        {
            return await PackIndexAsync(request, store, cancellationToken).ConfigureAwait(false);
        }
        if (request.Destinations.Count == 0 && !request.BuildOnly)
        {
            throw new DistillException(ErrorCode.Usage, "no destination: pass -o oci:DIR[:TAG] (or oci-archive:, docker-archive:)");
        }
        var sinks = request.Destinations.Select(d => Transports.CreateSink(d, request.Registry)).ToList();
        var appDir = ImagePath.Normalize(request.AppDirectory);
        var appEntries = request.AppEntries ?? HostTree.Collect(request.InputPath, appDir);

        // Inspect: what the artifact is decides the platform, the base (for auto) and the entrypoint.
        var analysis = Analyze(request);
        var platform = BaseSelection.ChoosePlatform(request.Platform, analysis?.Requirements?.Platform, request.InputPath);
        var baseName = request.Base == "auto"
            ? BaseSelection.PackableBase(analysis ?? throw new DistillException(ErrorCode.UnknownArtifact, $"'{request.InputPath}' cannot be analysed; pass --base"))
            : request.Base;
        var dlopened = request.Dlopened.Count > 0 || analysis?.Requirements is null
            ? request.Dlopened
            : analysis.Requirements.Dlopened.Select(n => new DlopenNeed(n, "the analysis knows it is loaded at run time")).ToList();
        var created = DateTimeOffset.FromUnixTimeSeconds(request.Layers.SourceDateEpoch);
        var createdText = ImageConfig.FormatTime(created);

        // --cmd on a tier or image base feeds the base's entrypoint (Docker's CMD after ENTRYPOINT): no program to guess.
        // Elsewhere --cmd holds the arguments of the packed program, which is the entrypoint.
        var baseHasEntrypoint = BaseSelection.IsRuntimeTier(baseName) || baseName.Contains(':', StringComparison.Ordinal);
        var program = request.Entrypoint is null && !(request.Cmd is not null && baseHasEntrypoint)
            ? DefaultProgram(request.InputPath, appEntries, appDir, analysis)
            : null;
        var start = await BaseImages.BuildAsync(new BaseImages.BaseRequest(baseName, platform, created, request.EssentialsRoot, request.Sysroot,
            appEntries, dlopened, request.Layers, store) { Entrypoint = request.Entrypoint?[0] ?? program?.Path, Registry = request.Registry }, cancellationToken).ConfigureAwait(false);
        var image = start.Image;
        var reports = new List<LayerReport>(start.Reports);
        var notes = new List<string>(start.Notes);
        if (analysis?.Details.GetValueOrDefault("dotnet.invariantGlobalization")?.Contains(Inspect.DotnetRuntimeConfig.InvariantVariable, StringComparison.Ordinal) == true)
        {
            notes.Add($"ICU left out: {Inspect.DotnetRuntimeConfig.InvariantVariable} runs .NET without it");
        }
        if (analysis?.Base is { } choice && request.Base == "auto")
        {
            notes.Insert(0, $"base {baseName}: {choice.Reason}");
        }

        foreach (var extra in request.ExtraLayers)
        {
            var plan = new LayerPlan().AddRange(extra.Entries);
            var written = await LayerWriter.WriteAsync(plan, request.Layers, store, cancellationToken).ConfigureAwait(false);
            (image, var layer) = BaseImage.Adapt(image, written);
            image = ImageAssembler.Append(image, layer, new HistoryEntry { Created = createdText, CreatedBy = $"distill: {extra.Description}" });
            reports.Add(new LayerReport(extra.Description, layer.Descriptor.Digest, layer.Descriptor.Size, written.UncompressedSize, plan.Count));
        }

        var appPlan = new LayerPlan().AddRange(appEntries);
        var appWritten = await LayerWriter.WriteAsync(appPlan, request.Layers, store, cancellationToken).ConfigureAwait(false);
        (image, var appLayer) = BaseImage.Adapt(image, appWritten);
        image = ImageAssembler.Append(image, appLayer, new HistoryEntry { Created = createdText, CreatedBy = $"distill pack {Path.GetFileName(Path.GetFullPath(request.InputPath))}" });
        reports.Add(new LayerReport($"app ({ImagePath.Absolute(appDir)})", appLayer.Descriptor.Digest, appLayer.Descriptor.Size, appWritten.UncompressedSize, appPlan.Count));

        // Exec form only. On a runtime tier the interpreter is the base's entrypoint and the app is the command.
        var keepBaseEntrypoint = request.Entrypoint is null && start.Entrypoint is { Count: > 0 } && program is not null && !program.IsNative;
        var entrypoint = request.Entrypoint ?? (keepBaseEntrypoint || program is null ? start.Entrypoint : [program.Path]);
        var cmd = request.Cmd ?? (keepBaseEntrypoint ? [program!.Path] : start.KeepConfig ? image.Config.Config.Cmd : null);
        if (entrypoint is null && cmd is null)
        {
            throw new DistillException(ErrorCode.Usage, $"no program to run in '{request.InputPath}'; name it with --entrypoint");
        }
        // The analysis' warnings, except the one about naming the interpreter when the base's entrypoint is that interpreter.
        notes.AddRange((analysis?.Warnings ?? []).Where(w => !keepBaseEntrypoint || !w.Contains("#!", StringComparison.Ordinal)));
        var env = new List<KeyValuePair<string, string>>(start.Env);
        env.AddRange(request.Env);
        var baseConfig = image.Config.Config;
        image = ImageAssembler.WithConfig(image, c => (c with
        {
            Entrypoint = entrypoint,
            Cmd = cmd,
            User = request.User ?? (start.KeepUser && !string.IsNullOrEmpty(baseConfig.User) ? baseConfig.User : PackRequest.DefaultUser),
            WorkingDir = request.WorkingDirectory ?? (start.KeepConfig ? baseConfig.WorkingDir : null),
            ExposedPorts = request.Ports.Count > 0 ? [.. (baseConfig.ExposedPorts ?? []), .. request.Ports.Select(NormalizePort)] : baseConfig.ExposedPorts,
            Labels = MergeMaps(baseConfig.Labels, request.Labels),
        }).WithEnv(env));
        image = ImageAssembler.WithCreated(image, created);
        if (request.Annotations.Count > 0)
        {
            image = ImageAssembler.WithAnnotations(image, MergeMaps(image.Annotations, request.Annotations));
        }

        var artifact = ImageSerializer.Serialize(image);
        var outputs = new List<PublishResult>();
        foreach (var sink in sinks)
        {
            outputs.Add(await sink.WriteAsync(artifact, cancellationToken).ConfigureAwait(false));
        }
        return new PackResult(artifact.Manifest.Digest, platform, baseName, [.. entrypoint ?? [], .. cmd ?? []], reports,
            image.Layers.Sum(l => l.Descriptor.Size), outputs, notes) { Artifact = artifact };
    }

    /// <summary>Multi-arch: packs each platform's artifact, then writes one image index to every destination.</summary>
    private static async Task<PackResult> PackIndexAsync(PackRequest request, BlobStore store, CancellationToken cancellationToken)
    {
        if (request.Destinations.Count == 0)
        {
            throw new DistillException(ErrorCode.Usage, "no destination: pass -o oci:DIR[:TAG] (or oci-archive:, docker-archive:, docker://)");
        }
        var sinks = request.Destinations.Select(d => Transports.CreateSink(d, request.Registry)).ToList();
        var results = new List<PackResult>();
        foreach (var input in request.PlatformInputs)
        {
            var one = request with { InputPath = input.InputPath, Platform = input.Platform, PlatformInputs = [], Destinations = [], BuildOnly = true, AppEntries = null };
            results.Add(await PackAsync(one, store, cancellationToken).ConfigureAwait(false));
        }
        var index = ImageSerializer.SerializeIndex(results.Select(r => r.Artifact!).ToList());
        var outputs = new List<PublishResult>();
        foreach (var sink in sinks)
        {
            outputs.Add(await sink.WriteAsync(index, cancellationToken).ConfigureAwait(false));
        }
        var first = results[0];
        return new PackResult(index.Index.Digest, first.Platform, first.Base, first.Entrypoint,
            results.SelectMany(r => r.Layers.Select(l => l with { Description = $"{r.Platform}: {l.Description}" })).ToList(),
            results.Sum(r => r.CompressedSize), outputs,
            [$"image index for {string.Join(", ", results.Select(r => $"{r.Platform} ({r.Digest.Short})"))}", .. results.SelectMany(r => r.Notes)]);
    }

    /// <summary>-e DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 runs .NET without ICU, so the closure need not carry it.</summary>
    private static bool InvariantByEnv(PackRequest request) =>
        request.Env.Any(e => e.Key == Inspect.DotnetRuntimeConfig.InvariantVariable && Inspect.DotnetRuntimeConfig.InvariantByEnvironment(e.Value));

    private static ArtifactReport? Analyze(PackRequest request)
    {
        var input = HostTree.ResolveInput(request.InputPath);
        // With an explicit entrypoint inside a packed directory, that file is what runs.
        if (Directory.Exists(input) && request.Entrypoint is [var first, ..])
        {
            var appPrefix = ImagePath.Absolute(ImagePath.Normalize(request.AppDirectory)).TrimEnd('/') + "/";
            if (first.StartsWith(appPrefix, StringComparison.Ordinal) && File.Exists(Path.Combine(input, first[appPrefix.Length..])))
            {
                input = Path.Combine(input, first[appPrefix.Length..]);
            }
        }
        var report = ArtifactInspector.Inspect(input, new InspectOptions { InvariantGlobalizationByEnvironment = InvariantByEnv(request) });
        return report.Format == ArtifactFormat.Unknown && request.Base != "auto" ? null : report;
    }

    private sealed record Program(string Path, bool IsNative);

    /// <summary>The packed file, or the entry point the analysis found in a packed directory, or its one executable.</summary>
    private static Program? DefaultProgram(string inputPath, IReadOnlyList<LayerEntry> entries, string appDir, ArtifactReport? analysis)
    {
        var native = analysis?.Format is null or ArtifactFormat.Elf || analysis.Kind == "executable";
        if (!Directory.Exists(HostTree.ResolveInput(inputPath)))
        {
            var file = entries.First(e => e.Kind == LayerEntryKind.File && ImagePath.Parent(e.Path) == appDir);
            return new Program(ImagePath.Absolute(file.Path), native);
        }
        if (analysis?.EntryPoint is { } relative)
        {
            return new Program(ImagePath.Absolute(ImagePath.Combine(appDir, relative)), analysis.Requirements?.Runtime is null);
        }
        var executables = entries.Where(e => e.Kind == LayerEntryKind.File && ImagePath.Parent(e.Path) == appDir && e.Mode == LayerEntry.ExecutableMode).ToList();
        return executables.Count == 1
            ? new Program(ImagePath.Absolute(executables[0].Path), true)
            : throw new DistillException(ErrorCode.Usage,
                $"'{inputPath}' holds {executables.Count} executables at its top level; name the program with --entrypoint");
    }

    private static SortedDictionary<string, string>? MergeMaps(IReadOnlyDictionary<string, string>? first, IReadOnlyDictionary<string, string> second)
    {
        if ((first is null || first.Count == 0) && second.Count == 0)
        {
            return null;
        }
        var merged = new SortedDictionary<string, string>(Utf8Ordinal.Instance);
        foreach (var (k, v) in first ?? new Dictionary<string, string>())
        {
            merged[k] = v;
        }
        foreach (var (k, v) in second)
        {
            merged[k] = v;
        }
        return merged;
    }

    /// <summary>The files of one image of an artifact after its layers are applied, with what each ELF needs.</summary>
    public static Task<IReadOnlyList<Verify.ImageFile>> ListFilesAsync(Artifact artifact, Platform? platform, string what, CancellationToken cancellationToken)
    {
        var image = ImageSelection.Select(artifact, platform, what);
        var work = Path.Combine(Path.GetTempPath(), "distill-inspect");
        Directory.CreateDirectory(work);
        return Verify.ImageFiles.ListAsync(image, what, work, cancellationToken);
    }

    /// <summary>Checks statically whether an image from any transport will start (<c>distill verify</c>).</summary>
    public static async Task<Verify.VerifyReport> VerifyAsync(ImageLocation location, Platform? platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var artifact = await Transports.CreateSource(location).ReadAsync(cancellationToken).ConfigureAwait(false);
        var image = ImageSelection.Select(artifact, platform, location.Text);
        var work = Path.Combine(Path.GetTempPath(), "distill-verify");
        Directory.CreateDirectory(work);
        var report = await Verify.ImageVerifier.VerifyAsync(image, location.Text, work, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private static string NormalizePort(string port)
    {
        var slash = port.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? port : port[..slash];
        var protocol = slash < 0 ? "tcp" : port[(slash + 1)..];
        if (!ushort.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n == 0
            || protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw new DistillException(ErrorCode.Usage, $"invalid port '{port}': expected NUMBER[/tcp|udp|sctp]");
        }
        return $"{n}/{protocol}";
    }
}
