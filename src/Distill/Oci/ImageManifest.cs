using System.Text.Json;

namespace Distill.Oci;

/// <summary>An image manifest (OCI image-spec manifest.md, or Docker v2 schema 2).</summary>
public sealed record ImageManifest(string MediaType, Descriptor Config, IReadOnlyList<Descriptor> Layers)
{
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public Descriptor? Subject { get; init; }
    public string? ArtifactType { get; init; }

    /// <summary>The exact bytes to write and hash (Go field order: schemaVersion, mediaType, config, layers...).</summary>
    public byte[] ToJson()
    {
        var w = new GoJsonWriter();
        w.StartObject().Property("schemaVersion", 2).Property("mediaType", MediaType);
        w.OptionalProperty("artifactType", ArtifactType);
        w.Name("config");
        Config.WriteTo(w);
        w.Name("layers").StartArray();
        foreach (var l in Layers)
        {
            l.WriteTo(w);
        }
        w.EndArray();
        if (Subject is not null)
        {
            w.Name("subject");
            Subject.WriteTo(w);
        }
        if (Annotations is { Count: > 0 })
        {
            w.Name("annotations").StringMap(Annotations);
        }
        return w.EndObject().ToArray();
    }

    /// <summary>Parses and validates a manifest; <paramref name="declaredMediaType"/> is the descriptor's or Content-Type.</summary>
    /// <exception cref="FormatException">Malformed or ambiguous (RELIABILITY B3-07).</exception>
    public static ImageManifest Parse(ReadOnlyMemory<byte> json, string? declaredMediaType = null)
    {
        return OciJson.Read(json, "image manifest", root =>
        {
            if (OciJson.RequiredLong(root, "schemaVersion") != 2)
            {
                throw new FormatException("image manifest schemaVersion is not 2");
            }
            if (root.TryGetProperty("manifests", out _))
            {
                throw new FormatException("image manifest also has 'manifests' (ambiguous manifest/index)");
            }
            var mediaType = OciJson.OptionalString(root, "mediaType") ?? declaredMediaType ?? MediaTypes.OciManifest;
            if (!MediaTypes.IsImageManifest(mediaType))
            {
                throw new FormatException($"unsupported manifest media type '{mediaType}'");
            }
            if (declaredMediaType is not null && MediaTypes.IsImageManifest(declaredMediaType) && declaredMediaType != mediaType)
            {
                throw new FormatException($"manifest mediaType '{mediaType}' differs from the declared '{declaredMediaType}'");
            }
            if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("image manifest has no config descriptor");
            }
            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("image manifest has no layers array");
            }
            return new ImageManifest(mediaType, Descriptor.Read(config), layers.EnumerateArray().Select(Descriptor.Read).ToList())
            {
                Annotations = OciJson.OptionalStringMap(root, "annotations"),
                Subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? Descriptor.Read(s) : null,
                ArtifactType = OciJson.OptionalString(root, "artifactType"),
            };
        });
    }
}
