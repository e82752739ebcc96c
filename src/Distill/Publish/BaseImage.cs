using Distill.Images;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish.Registry;

namespace Distill.Publish;

/// <summary>
/// A base image read from any transport (<c>--base docker://REF</c>, <c>oci:DIR:TAG</c>,
/// <c>oci-archive:...</c>, <c>docker-archive:...</c>): the platform's image out of an index, its
/// config kept, its layers streamed as they are (never recompressed) and, from registries, cached in
/// the content-addressed store and verified on every read.
/// </summary>
public static class BaseImage
{
    /// <summary>True when <paramref name="text"/> names an image location rather than a built-in base tier.</summary>
    public static bool IsLocation(string text) =>
        text.StartsWith("docker://", StringComparison.Ordinal) || text.StartsWith("oci:", StringComparison.Ordinal)
        || text.StartsWith("oci-archive:", StringComparison.Ordinal) || text.StartsWith("docker-archive:", StringComparison.Ordinal);

    /// <summary>Loads the base for <paramref name="platform"/> as an image value to append to.</summary>
    /// <exception cref="DistillException">The base cannot be read, or has no image for the platform.</exception>
    public static async Task<(Image Image, Digest Digest)> LoadAsync(string location, Platform platform, RegistryOptions? registry, BlobStore cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var parsed = ImageLocation.Parse(location);
        var options = (registry ?? RegistryOptions.Default) with { Cache = cache };
        var artifact = await Transports.CreateSource(parsed, options).ReadAsync(cancellationToken).ConfigureAwait(false);
        var selected = ImageSelection.Select(artifact, platform, parsed.Text);
        var config = ImageConfig.Parse(selected.ConfigJson);
        var image = new Image(selected.Manifest.MediaType, config, selected.Layers)
        {
            Annotations = new SortedDictionary<string, string>(Utf8Ordinal.Instance)
            {
                [AnnotationKeys.BaseName] = parsed.Transport == Transport.Registry ? ImageReference.Parse(parsed.Reference ?? "").ToString() : parsed.Text,
                [AnnotationKeys.BaseDigest] = selected.Manifest.Digest.ToString(),
            },
        };
        return (image, selected.Manifest.Digest);
    }

    /// <summary>
    /// A new layer as the base's manifest type needs it: Docker manifests carry Docker layer media
    /// types (same gzip bytes); a layer Docker cannot name (zstd) turns the image into an OCI one.
    /// </summary>
    public static (Image Image, ILayer Layer) Adapt(Image image, FileLayer layer)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layer);
        if (image.ManifestMediaType != MediaTypes.DockerManifest)
        {
            return (image, layer);
        }
        return MediaTypes.LayerCompression(layer.Descriptor.MediaType) switch
        {
            Compression.Gzip => (image, layer with { Descriptor = layer.Descriptor with { MediaType = MediaTypes.DockerLayerGzip } }),
            Compression.None => (image, layer with { Descriptor = layer.Descriptor with { MediaType = MediaTypes.DockerLayerTar } }),
            _ => (image with { ManifestMediaType = MediaTypes.OciManifest }, layer),
        };
    }
}
