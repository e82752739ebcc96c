using Distill.Images;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>How a layer Distill writes joins a base image read from any transport.</summary>
public static class BaseImage
{
    /// <summary>
    /// A new layer as the base's manifest type needs it: Docker manifests carry Docker layer media
    /// types (same bytes); a layer Docker cannot name (zstd) turns the image into an OCI one.
    /// </summary>
    public static (IImage Image, ILayer Layer) Adapt(IImage image, FileLayer layer)
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
            _ => (new Image(MediaTypes.OciManifest, image.Config, image.Layers) { Annotations = image.Annotations }, layer),
        };
    }
}
