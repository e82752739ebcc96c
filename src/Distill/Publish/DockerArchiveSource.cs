using System.Text.Json;
using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>
/// Reads <c>docker-archive:FILE[:NAME:TAG]</c>. Archives that carry an OCI layout (Docker 25+, and
/// Distill's own) are read through it, so digests are preserved; older <c>docker save</c> archives
/// get a Docker v2 manifest synthesized from <c>manifest.json</c>, as skopeo does.
/// </summary>
public sealed class DockerArchiveSource(ImageLocation location) : IImageSource
{
    public ImageLocation Location { get; } = location;

    public async Task<Artifact> ReadAsync(CancellationToken cancellationToken)
    {
        var what = Location.Text;
        var archive = TarArchiveIndex.Scan(Location.Path, what);
        if (!archive.Contains("manifest.json"))
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}' is not a docker archive (no manifest.json)");
        }
        var entries = ParseManifestJson(archive.ReadSmall("manifest.json", what, OciJson.MaxDocumentBytes), what);
        var entry = Select(entries, Location.Reference, what);
        if (archive.Contains(OciLayoutSink.LayoutFile) && archive.Contains(OciLayoutSink.IndexFile))
        {
            var layout = await OciArchiveSource.ReadLayoutAsync(archive, null, what, cancellationToken).ConfigureAwait(false);
            if (layout.Images.Any(i => $"blobs/sha256/{i.Config.Digest.Hex}" == entry.Config))
            {
                return layout;
            }
        }
        return await SynthesizeAsync(archive, entry, what, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Entry(string Config, IReadOnlyList<string> RepoTags, IReadOnlyList<string> Layers);

    private static List<Entry> ParseManifestJson(byte[] json, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("manifest.json is not an array");
            }
            return doc.RootElement.EnumerateArray().Select(e => new Entry(
                OciJson.RequiredString(e, "Config"),
                OciJson.OptionalStringArray(e, "RepoTags") ?? [],
                OciJson.OptionalStringArray(e, "Layers") ?? [])).ToList();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}': malformed manifest.json: {e.Message}", e);
        }
    }

    private static Entry Select(List<Entry> entries, string? reference, string what)
    {
        if (reference is null)
        {
            return entries.Count >= 1 && entries.Skip(1).All(e => e.RepoTags.Count == 0)
                ? entries[0]
                : throw new DistillException(ErrorCode.ImageNotFound, $"'{what}' holds {entries.Count} images; name one with :NAME:TAG");
        }
        var wanted = reference.LastIndexOf(':') > reference.LastIndexOf('/') ? reference : reference + ":latest";
        return entries.FirstOrDefault(e => e.RepoTags.Any(t => t == wanted || t.EndsWith("/" + wanted, StringComparison.Ordinal)))
            ?? throw new DistillException(ErrorCode.ImageNotFound, $"'{what}': no image tagged '{wanted}'");
    }

    private static async Task<Artifact> SynthesizeAsync(TarArchiveIndex archive, Entry entry, string what, CancellationToken cancellationToken)
    {
        var configJson = archive.ReadSmall(entry.Config, what, OciJson.MaxDocumentBytes);
        ImageConfig config;
        try
        {
            config = ImageConfig.Parse(configJson);
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}': malformed config: {e.Message}", e);
        }
        if (config.DiffIds.Count != entry.Layers.Count)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}': config has {config.DiffIds.Count} diff_ids for {entry.Layers.Count} layers");
        }
        var layers = new List<ILayer>();
        for (var i = 0; i < entry.Layers.Count; i++)
        {
            var member = entry.Layers[i];
            string mediaType;
            Digest digest;
            using (var s = archive.Open(member, what))
            {
                var magic = new byte[4];
                var n = await s.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                mediaType = n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b ? MediaTypes.DockerLayerGzip
                    : n == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd ? MediaTypes.OciLayerZstd
                    : MediaTypes.DockerLayerTar;
            }
            using (var s = archive.Open(member, what))
            {
                digest = await Digest.Sha256Async(s, cancellationToken).ConfigureAwait(false);
            }
            var descriptor = new Descriptor(mediaType, digest, archive.LengthOf(member));
            layers.Add(new SourceLayer(descriptor, config.DiffIds[i], _ => ValueTask.FromResult(archive.Open(member, what)), what));
        }
        var configDescriptor = new Descriptor(MediaTypes.DockerConfig, Digest.Sha256(configJson), configJson.Length);
        var manifestJson = new ImageManifest(MediaTypes.DockerManifest, configDescriptor, layers.Select(l => l.Descriptor).ToList()).ToJson();
        return new ImageArtifact(configJson, configDescriptor, manifestJson,
            new Descriptor(MediaTypes.DockerManifest, Digest.Sha256(manifestJson), manifestJson.Length), layers, config.Platform);
    }
}
