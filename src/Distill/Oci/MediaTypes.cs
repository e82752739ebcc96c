namespace Distill.Oci;

/// <summary>The OCI and Docker media types Distill reads and writes.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciLayerNondistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciLayout = "application/vnd.oci.layout.header.v1+json";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>An image manifest (OCI or Docker v2 schema 2).</summary>
    public static bool IsImageManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>An index or Docker manifest list.</summary>
    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>A layer blob in any of the supported encodings.</summary>
    public static bool IsLayer(string? mediaType) => LayerCompression(mediaType) is not null;

    /// <summary>The compression a layer media type implies, or null when it is not a layer.</summary>
    public static Compression? LayerCompression(string? mediaType) => mediaType switch
    {
        OciLayerGzip or DockerLayerGzip or OciLayerNondistributableGzip or DockerForeignLayerGzip => Compression.Gzip,
        OciLayerZstd => Compression.Zstd,
        OciLayer or DockerLayerTar => Compression.None,
        _ => null,
    };

    /// <summary>The OCI layer media type for a compression.</summary>
    public static string OciLayerFor(Compression compression) => compression switch
    {
        Compression.Gzip => OciLayerGzip,
        Compression.Zstd => OciLayerZstd,
        _ => OciLayer,
    };
}

/// <summary>How a layer blob is compressed.</summary>
public enum Compression
{
    Gzip,
    Zstd,
    None,
}
