using System.Text.Json;

namespace Distill.Oci;

/// <summary>An OCI content descriptor: what a blob is, its digest and its size.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    /// <summary>Optional annotations (written with keys sorted by UTF-8 bytes).</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The platform, for entries of an image index.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Foreign-layer URLs; read and preserved, never fetched (RELIABILITY B2-16).</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>The artifact type, for artifact manifests.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>The <c>org.opencontainers.image.ref.name</c> annotation, if any.</summary>
    public string? RefName => Annotations is not null && Annotations.TryGetValue(AnnotationKeys.RefName, out var v) ? v : null;

    internal void WriteTo(GoJsonWriter w)
    {
        w.StartObject().Property("mediaType", MediaType).Property("digest", Digest.ToString()).Property("size", Size);
        if (Urls is { Count: > 0 })
        {
            w.Name("urls").StringArray(Urls);
        }
        if (Annotations is { Count: > 0 })
        {
            w.Name("annotations").StringMap(Annotations);
        }
        if (Platform is not null)
        {
            w.Name("platform");
            Platform.WriteTo(w);
        }
        w.OptionalProperty("artifactType", ArtifactType);
        w.EndObject();
    }

    internal static Descriptor Read(JsonElement e)
    {
        var size = OciJson.RequiredLong(e, "size");
        if (size < 0)
        {
            throw new FormatException("descriptor size is negative");
        }
        return new Descriptor(OciJson.RequiredString(e, "mediaType"), Digest.Parse(OciJson.RequiredString(e, "digest")), size)
        {
            Annotations = OciJson.OptionalStringMap(e, "annotations"),
            Platform = e.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object ? Platform.Read(p) : null,
            Urls = OciJson.OptionalStringArray(e, "urls"),
            ArtifactType = OciJson.OptionalString(e, "artifactType"),
        };
    }
}

/// <summary>Well-known annotation keys.</summary>
public static class AnnotationKeys
{
    public const string RefName = "org.opencontainers.image.ref.name";
    public const string Created = "org.opencontainers.image.created";
    public const string BaseName = "org.opencontainers.image.base.name";
    public const string BaseDigest = "org.opencontainers.image.base.digest";
    public const string ContainerdImageName = "io.containerd.image.name";
}
