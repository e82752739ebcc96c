using Distill.Base;
using Distill.Base.Closure;
using Distill.Images;
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
        var entrypoint = request.Entrypoint ?? DefaultEntrypoint(request.InputPath, appEntries, appDir);
        var platform = request.Platform ?? Platform.LinuxAmd64;
        var created = DateTimeOffset.FromUnixTimeSeconds(request.Layers.SourceDateEpoch);
        var createdText = ImageConfig.FormatTime(created);

        var notes = new List<string>();
        var reports = new List<LayerReport>();
        var image = ImageAssembler.Scratch(platform, created);
        var env = new List<KeyValuePair<string, string>>();
        switch (request.Base)
        {
            case "scratch":
                break;
            case "static":
            case "closure":
                var essentials = Essentials.Plan(request.EssentialsRoot);
                notes.AddRange(essentials.Notes);
                var baseLayer = await LayerWriter.WriteAsync(essentials.Plan, request.Layers, store, cancellationToken).ConfigureAwait(false);
                image = ImageAssembler.Append(image, baseLayer, new HistoryEntry { Created = createdText, CreatedBy = "distill: static essentials (passwd, CA bundle, zoneinfo, /tmp)" });
                reports.Add(new LayerReport("static essentials", baseLayer.Descriptor.Digest, baseLayer.Descriptor.Size, baseLayer.UncompressedSize, essentials.Plan.Count));
                env.AddRange(Essentials.Environment);
                if (request.Base == "closure")
                {
                    var closure = ClosureLayer.Plan(appEntries, request.Sysroot, request.Dlopened);
                    notes.AddRange(closure.Result.Warnings);
                    notes.AddRange(closure.Result.Missing.Select(m => $"optional library {m.Name} ({m.Reason}) is not in the sysroot"));
                    var closureLayer = await LayerWriter.WriteAsync(closure.Plan, request.Layers, store, cancellationToken).ConfigureAwait(false);
                    image = ImageAssembler.Append(image, closureLayer, new HistoryEntry { Created = createdText, CreatedBy = "distill: shared-library closure" });
                    reports.Add(new LayerReport(
                        $"library closure ({string.Join(", ", closure.Result.Files.Where(f => f.Kind == LayerEntryKind.File).Select(f => Path.GetFileName(f.Path)))})",
                        closureLayer.Descriptor.Digest, closureLayer.Descriptor.Size, closureLayer.UncompressedSize, closure.Plan.Count));
                }
                break;
            case var location when Publish.BaseImage.IsLocation(location):
                (image, var baseDigest) = await Publish.BaseImage.LoadAsync(location, platform, request.Registry, store, cancellationToken).ConfigureAwait(false);
                image = ImageAssembler.WithCreated(image, created);
                notes.Add($"base {location} ({baseDigest}): {image.Layers.Count} layer(s) kept as they are");
                break;
            default:
                throw new DistillException(ErrorCode.Usage, $"unknown base '{request.Base}' (use scratch, static, closure, or an image: docker://REF, oci:DIR:TAG, oci-archive:FILE, docker-archive:FILE)");
        }

        foreach (var extra in request.ExtraLayers)
        {
            var plan = new LayerPlan().AddRange(extra.Entries);
            var written = await LayerWriter.WriteAsync(plan, request.Layers, store, cancellationToken).ConfigureAwait(false);
            (image, var layer) = Publish.BaseImage.Adapt(image, written);
            image = ImageAssembler.Append(image, layer, new HistoryEntry { Created = createdText, CreatedBy = $"distill: {extra.Description}" });
            reports.Add(new LayerReport(extra.Description, layer.Descriptor.Digest, layer.Descriptor.Size, written.UncompressedSize, plan.Count));
        }

        var appPlan = new LayerPlan().AddRange(appEntries);
        var appWritten = await LayerWriter.WriteAsync(appPlan, request.Layers, store, cancellationToken).ConfigureAwait(false);
        (image, var appLayer) = Publish.BaseImage.Adapt(image, appWritten);
        image = ImageAssembler.Append(image, appLayer, new HistoryEntry { Created = createdText, CreatedBy = $"distill pack {Path.GetFileName(Path.GetFullPath(request.InputPath))}" });
        reports.Add(new LayerReport($"app ({ImagePath.Absolute(appDir)})", appLayer.Descriptor.Digest, appLayer.Descriptor.Size, appWritten.UncompressedSize, appPlan.Count));

        env.AddRange(request.Env);
        image = ImageAssembler.WithConfig(image, c => (c with
        {
            Entrypoint = entrypoint,
            Cmd = request.Cmd,
            // A base image's user, workdir, ports and labels stay unless overridden (scratch has none).
            User = request.User ?? c.User,
            WorkingDir = request.WorkingDirectory ?? c.WorkingDir,
            ExposedPorts = request.Ports.Count > 0 ? request.Ports.Select(NormalizePort).Union(c.ExposedPorts ?? []).Order(StringComparer.Ordinal).ToList() : c.ExposedPorts,
            Labels = request.Labels.Count > 0 ? new SortedDictionary<string, string>((c.Labels ?? new Dictionary<string, string>()).Concat(request.Labels).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), Utf8Ordinal.Instance) : c.Labels,
        }).WithEnv(env));
        if (request.Annotations.Count > 0)
        {
            var annotations = (image.Annotations ?? new Dictionary<string, string>()).Concat(request.Annotations).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            image = ImageAssembler.WithAnnotations(image, new SortedDictionary<string, string>(annotations, Utf8Ordinal.Instance));
        }

        var artifact = ImageSerializer.Serialize(image);
        var outputs = new List<PublishResult>();
        foreach (var sink in sinks)
        {
            outputs.Add(await sink.WriteAsync(artifact, cancellationToken).ConfigureAwait(false));
        }
        return new PackResult(artifact.Manifest.Digest, platform, request.Base, entrypoint, reports,
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
        return new PackResult(index.Index.Digest, first.Platform, request.Base, first.Entrypoint,
            results.SelectMany(r => r.Layers.Select(l => l with { Description = $"{r.Platform}: {l.Description}" })).ToList(),
            results.Sum(r => r.CompressedSize), outputs,
            [$"image index for {string.Join(", ", results.Select(r => $"{r.Platform} ({r.Digest.Short})"))}", .. results.SelectMany(r => r.Notes)]);
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

    /// <summary>The packed file itself, or the one executable at the top of a packed directory.</summary>
    private static List<string> DefaultEntrypoint(string inputPath, IReadOnlyList<LayerEntry> entries, string appDir)
    {
        var files = entries.Where(e => e.Kind == LayerEntryKind.File && ImagePath.Parent(e.Path) == appDir).ToList();
        if (!Directory.Exists(HostTree.ResolveInput(inputPath)))
        {
            return [ImagePath.Absolute(files[0].Path)];
        }
        var executables = files.Where(e => e.Mode == LayerEntry.ExecutableMode).ToList();
        return executables.Count == 1
            ? [ImagePath.Absolute(executables[0].Path)]
            : throw new DistillException(ErrorCode.Usage,
                $"'{inputPath}' holds {executables.Count} executables at its top level; name the program with --entrypoint");
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
