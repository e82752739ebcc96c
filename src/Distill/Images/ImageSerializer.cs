using Distill.Oci;

namespace Distill.Images;

/// <summary>Turns images into the exact bytes sinks write (ggcr's <c>partial</c>: digest = sha256 of raw bytes).</summary>
public static class ImageSerializer
{
    /// <summary>Serializes one image. Docker-typed images keep Docker media types throughout.</summary>
    /// <exception cref="InvalidOperationException">The config's diffIDs do not match the layers.</exception>
    public static ImageArtifact Serialize(IImage image)
    {
        if (image.Config.DiffIds.Count != image.Layers.Count
            || image.Config.DiffIds.Where((d, i) => d != image.Layers[i].DiffId).Any())
        {
            throw new InvalidOperationException("image config diff_ids do not match its layers");
        }
        var docker = image.ManifestMediaType == MediaTypes.DockerManifest;
        var configJson = image.Config.ToJson();
        var config = new Descriptor(docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, Digest.Sha256(configJson), configJson.Length);
        var manifest = new ImageManifest(image.ManifestMediaType, config, image.Layers.Select(l => l.Descriptor).ToList())
        {
            Annotations = image.Annotations is { Count: > 0 } ? image.Annotations : null,
        };
        var manifestJson = manifest.ToJson();
        var platform = image.Config.Platform;
        return new ImageArtifact(
            configJson,
            config,
            manifestJson,
            new Descriptor(image.ManifestMediaType, Digest.Sha256(manifestJson), manifestJson.Length),
            image.Layers,
            platform);
    }

    /// <summary>Serializes several images (one per platform) under an OCI image index.</summary>
    public static IndexArtifact SerializeIndex(IReadOnlyList<ImageArtifact> images, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var duplicates = images.GroupBy(i => i.Platform.ToString()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new DistillException(ErrorCode.Usage, $"more than one image for platform {string.Join(", ", duplicates)}");
        }
        var entries = images.Select(i => i.Manifest with { Platform = i.Platform }).ToList();
        var index = new ImageIndex(MediaTypes.OciIndex, entries) { Annotations = annotations };
        var json = index.ToJson();
        return new IndexArtifact(json, new Descriptor(MediaTypes.OciIndex, Digest.Sha256(json), json.Length), images);
    }
}
