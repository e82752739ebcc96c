using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>
/// Reads a manifest or index and the configs it references through a blob opener, verifying every
/// document against its descriptor and parsing exactly the verified bytes (RELIABILITY B3-01, B3-08).
/// </summary>
public static class ArtifactReader
{
    /// <summary>Opens the raw bytes of a blob (verification is done here).</summary>
    public delegate ValueTask<Stream> BlobOpener(Descriptor descriptor, CancellationToken cancellationToken);

    public static async Task<Artifact> ReadAsync(Descriptor root, BlobOpener open, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(open);
        var rootJson = await ReadDocumentAsync(root, open, what, cancellationToken).ConfigureAwait(false);
        if (!ImageIndex.LooksLikeIndex(rootJson, root.MediaType))
        {
            return await ReadImageAsync(root, rootJson, null, open, what, cancellationToken).ConfigureAwait(false);
        }
        var index = Parse(() => ImageIndex.Parse(rootJson, root.MediaType), what, "index");
        var children = new List<ImageArtifact>();
        foreach (var child in index.Manifests)
        {
            if (!MediaTypes.IsImageManifest(child.MediaType))
            {
                throw new DistillException(ErrorCode.UnsupportedMediaType,
                    $"{what}: index entry {child.Digest} has media type '{child.MediaType}'; only image manifests are supported inside an index");
            }
            var json = await ReadDocumentAsync(child, open, what, cancellationToken).ConfigureAwait(false);
            children.Add(await ReadImageAsync(child, json, child.Platform, open, what, cancellationToken).ConfigureAwait(false));
        }
        return new IndexArtifact(rootJson, root with { MediaType = index.MediaType }, children);
    }

    private static async Task<ImageArtifact> ReadImageAsync(Descriptor descriptor, byte[] json, Platform? platform, BlobOpener open, string what, CancellationToken cancellationToken)
    {
        var manifest = Parse(() => ImageManifest.Parse(json, MediaTypes.IsImageManifest(descriptor.MediaType) ? descriptor.MediaType : null), what, "manifest");
        var configJson = await ReadDocumentAsync(manifest.Config, open, what, cancellationToken).ConfigureAwait(false);
        var config = Parse(() => ImageConfig.Parse(configJson), what, "config");
        if (config.DiffIds.Count != manifest.Layers.Count)
        {
            throw new DistillException(ErrorCode.InvalidImage,
                $"{what}: the config lists {config.DiffIds.Count} diff_ids but the manifest has {manifest.Layers.Count} layers");
        }
        var layers = new List<ILayer>();
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = manifest.Layers[i];
            if (!MediaTypes.IsLayer(layer.MediaType))
            {
                throw new DistillException(ErrorCode.UnsupportedMediaType, $"{what}: layer {layer.Digest} has unsupported media type '{layer.MediaType}'");
            }
            layers.Add(new SourceLayer(layer, config.DiffIds[i], ct => open(layer, ct), what));
        }
        return new ImageArtifact(configJson, manifest.Config, json, descriptor with { MediaType = manifest.MediaType, Platform = null, Annotations = null },
            layers, platform ?? config.Platform);
    }

    /// <summary>Reads a small document (manifest, index, config) fully, capped and verified.</summary>
    public static async Task<byte[]> ReadDocumentAsync(Descriptor descriptor, BlobOpener open, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(open);
        if (descriptor.Size > OciJson.MaxDocumentBytes)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what}: document {descriptor.Digest} is {descriptor.Size} bytes, over the {OciJson.MaxDocumentBytes}-byte limit");
        }
        var buffer = new MemoryStream((int)descriptor.Size);
        var source = await open(descriptor, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await VerifiedCopy.CopyAsync(source, buffer, descriptor, what, cancellationToken).ConfigureAwait(false);
        }
        return buffer.ToArray();
    }

    private static T Parse<T>(Func<T> parse, string what, string kind)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"{what}: malformed {kind}: {e.Message}", e);
        }
    }
}
