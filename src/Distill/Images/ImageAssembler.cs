using Distill.Oci;

namespace Distill.Images;

/// <summary>Pure image mutations (ggcr's <c>empty</c> and <c>mutate</c>): each returns a new image.</summary>
public static class ImageAssembler
{
    /// <summary>The empty image ("FROM scratch") for a platform, created at <paramref name="created"/>.</summary>
    public static Image Scratch(Platform platform, DateTimeOffset created) => new(
        MediaTypes.OciManifest,
        new ImageConfig
        {
            Created = ImageConfig.FormatTime(created),
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            OsVersion = platform.OsVersion,
        },
        []);

    /// <summary>Appends a layer with its history entry.</summary>
    public static Image Append(IImage image, ILayer layer, HistoryEntry history) => new(
        image.ManifestMediaType,
        image.Config with
        {
            DiffIds = [.. image.Config.DiffIds, layer.DiffId],
            History = [.. image.Config.History, history with { EmptyLayer = false }],
        },
        [.. image.Layers, layer])
    {
        Annotations = image.Annotations,
    };

    /// <summary>Changes the container config (entrypoint, env, user, ...).</summary>
    public static Image WithConfig(IImage image, Func<ContainerConfig, ContainerConfig> change) => new(
        image.ManifestMediaType, image.Config with { Config = change(image.Config.Config) }, image.Layers)
    {
        Annotations = image.Annotations,
    };

    /// <summary>Sets the config's <c>created</c> time.</summary>
    public static Image WithCreated(IImage image, DateTimeOffset created) => new(
        image.ManifestMediaType, image.Config with { Created = ImageConfig.FormatTime(created) }, image.Layers)
    {
        Annotations = image.Annotations,
    };

    /// <summary>Replaces the manifest annotations.</summary>
    public static Image WithAnnotations(IImage image, IReadOnlyDictionary<string, string>? annotations) => new(
        image.ManifestMediaType, image.Config, image.Layers)
    {
        Annotations = annotations,
    };
}
