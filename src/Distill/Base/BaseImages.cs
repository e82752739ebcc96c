using Distill.Base.Closure;
using Distill.Base.Debian;
using Distill.Images;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;

namespace Distill.Base;

/// <summary>Builds the image an app is put on: scratch, the static essentials, the exact library closure, a Debian tier, or any image.</summary>
public static class BaseImages
{
    /// <summary>What the base needs to know.</summary>
    public sealed record BaseRequest(
        string Name,
        Platform Platform,
        DateTimeOffset Created,
        string EssentialsRoot,
        string Sysroot,
        IReadOnlyList<LayerEntry> AppEntries,
        IReadOnlyList<DlopenNeed> Dlopened,
        LayerOptions Layers,
        BlobStore Store)
    {
        /// <summary>The program that runs (an image path), whose closure must be complete.</summary>
        public string? Entrypoint { get; init; }

        /// <summary>Registry trust and credentials for a <c>docker://</c> base (null: defaults); its layers are cached in <see cref="Store"/>.</summary>
        public Publish.Registry.RegistryOptions? Registry { get; init; }
    }

    /// <summary>The base image, its reports, and what the app's config inherits from it.</summary>
    public sealed record BaseStart(IImage Image, IReadOnlyList<LayerReport> Reports, IReadOnlyList<string> Notes,
        IReadOnlyList<KeyValuePair<string, string>> Env, IReadOnlyList<string>? Entrypoint, bool KeepConfig)
    {
        /// <summary>Keep the base's user (a foreign image); Distill's own tiers default to the numeric nonroot user.</summary>
        public bool KeepUser { get; init; }
    }

    public static async Task<BaseStart> BuildAsync(BaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scratch = ImageAssembler.Scratch(request.Platform, request.Created);
        switch (request.Name)
        {
            case BaseTier.Scratch:
                return new BaseStart(scratch, [], [], [], null, false);
            case BaseTier.Static or BaseTier.Closure:
                return await EssentialsAsync(request, scratch, cancellationToken).ConfigureAwait(false);
        }
        if (BaseSelection.IsDebianTier(request.Name))
        {
            var tier = await DebianBase.BuildAsync(request.Name, new DebianBaseOptions
            {
                Architecture = request.Platform.Architecture,
                CacheRoot = request.Store.Root,
                SourceDateEpoch = request.Layers.SourceDateEpoch,
                Compression = request.Layers.Compression,
            }, cancellationToken).ConfigureAwait(false);
            var reports = tier.Image.Layers.Select((l, i) => new LayerReport(
                $"{request.Name} tier ({tier.Lock.Packages.Count} Debian packages), layer {i + 1}", l.Descriptor.Digest, l.Descriptor.Size, 0, 0)).ToList();
            return new BaseStart(tier.Image, reports, [], [], tier.Image.Config.Config.Entrypoint, true);
        }
        if (request.Name.Contains(':', StringComparison.Ordinal))
        {
            var location = ImageLocation.Parse(request.Name);
            var registry = (request.Registry ?? Publish.Registry.RegistryOptions.Default) with { Cache = request.Store };
            var artifact = await Transports.CreateSource(location, registry).ReadAsync(cancellationToken).ConfigureAwait(false);
            var selected = ImageSelection.Select(artifact, request.Platform, location.Text);
            var config = ImageConfig.Parse(selected.ConfigJson);
            var image = new Image(selected.Manifest.MediaType, config, selected.Layers)
            {
                Annotations = new SortedDictionary<string, string>(Utf8Ordinal.Instance)
                {
                    [AnnotationKeys.BaseName] = location.Text,
                    [AnnotationKeys.BaseDigest] = selected.Manifest.Digest.ToString(),
                },
            };
            var reports = selected.Layers.Select((l, i) => new LayerReport($"base {location.Text}, layer {i + 1}", l.Descriptor.Digest, l.Descriptor.Size, 0, 0)).ToList();
            return new BaseStart(image, reports, [], [], config.Config.Entrypoint, true) { KeepUser = true };
        }
        throw new DistillException(ErrorCode.Usage,
            $"unknown base '{request.Name}': use auto, scratch, static, closure, a tier ({string.Join(", ", DebianTiers.Names)}) or an image (oci:DIR:TAG, docker://REF, ...)");
    }

    private static async Task<BaseStart> EssentialsAsync(BaseRequest request, IImage scratch, CancellationToken cancellationToken)
    {
        var created = ImageConfig.FormatTime(request.Created);
        var essentials = Essentials.Plan(request.EssentialsRoot);
        var notes = new List<string>(essentials.Notes);
        var layer = await LayerWriter.WriteAsync(essentials.Plan, request.Layers, request.Store, cancellationToken).ConfigureAwait(false);
        var image = ImageAssembler.Append(scratch, layer, new HistoryEntry { Created = created, CreatedBy = "distill: static essentials (passwd, CA bundle, zoneinfo, /tmp)" });
        var reports = new List<LayerReport> { new("static essentials", layer.Descriptor.Digest, layer.Descriptor.Size, layer.UncompressedSize, essentials.Plan.Count) };
        if (request.Name == BaseTier.Closure)
        {
            var closure = ClosureLayer.Plan(request.AppEntries, request.Sysroot, request.Dlopened, request.Entrypoint);
            notes.AddRange(closure.Result.Warnings);
            notes.AddRange(closure.Result.Missing.Select(m => $"{m.Name} is not in the sysroot ({m.Reason}); it is only needed if that code is loaded"));
            var closureLayer = await LayerWriter.WriteAsync(closure.Plan, request.Layers, request.Store, cancellationToken).ConfigureAwait(false);
            image = ImageAssembler.Append(image, closureLayer, new HistoryEntry { Created = created, CreatedBy = "distill: shared-library closure" });
            var names = closure.Result.Files.Where(f => f.Kind == LayerEntryKind.File).Select(f => Path.GetFileName(f.Path));
            reports.Add(new LayerReport($"library closure ({string.Join(", ", names)})",
                closureLayer.Descriptor.Digest, closureLayer.Descriptor.Size, closureLayer.UncompressedSize, closure.Plan.Count));
        }
        return new BaseStart(image, reports, notes, Essentials.Environment, null, false);
    }
}
