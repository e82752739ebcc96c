using System.Text.Json;

namespace Distill.Oci;

/// <summary>An image index (OCI image-spec image-index.md, or a Docker manifest list).</summary>
public sealed record ImageIndex(string MediaType, IReadOnlyList<Descriptor> Manifests)
{
    /// <summary>The cap on entries, so a hostile index cannot exhaust memory (RELIABILITY B3-10).</summary>
    public const int MaxEntries = 10_000;

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>
    /// Whether <c>mediaType</c> is written. OCI layouts' <c>index.json</c> carries it (umoci and skopeo
    /// write it); it is always written for Docker manifest lists.
    /// </summary>
    public bool WriteMediaType { get; init; } = true;

    public byte[] ToJson()
    {
        var w = new GoJsonWriter();
        w.StartObject().Property("schemaVersion", 2);
        if (WriteMediaType)
        {
            w.Property("mediaType", MediaType);
        }
        w.Name("manifests").StartArray();
        foreach (var m in Manifests)
        {
            m.WriteTo(w);
        }
        w.EndArray();
        if (Annotations is { Count: > 0 })
        {
            w.Name("annotations").StringMap(Annotations);
        }
        return w.EndObject().ToArray();
    }

    /// <exception cref="FormatException">Malformed or ambiguous.</exception>
    public static ImageIndex Parse(ReadOnlyMemory<byte> json, string? declaredMediaType = null)
    {
        return OciJson.Read(json, "image index", root =>
        {
            if (OciJson.RequiredLong(root, "schemaVersion") != 2)
            {
                throw new FormatException("image index schemaVersion is not 2");
            }
            if (root.TryGetProperty("layers", out _) || root.TryGetProperty("config", out _))
            {
                throw new FormatException("image index also has 'layers' or 'config' (ambiguous manifest/index)");
            }
            var mediaType = OciJson.OptionalString(root, "mediaType");
            if (mediaType is not null && !MediaTypes.IsIndex(mediaType))
            {
                throw new FormatException($"unsupported index media type '{mediaType}'");
            }
            if (!root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("image index has no manifests array");
            }
            if (manifests.GetArrayLength() > MaxEntries)
            {
                throw new FormatException($"image index has more than {MaxEntries} entries");
            }
            return new ImageIndex(mediaType ?? declaredMediaType ?? MediaTypes.OciIndex, manifests.EnumerateArray().Select(Descriptor.Read).ToList())
            {
                Annotations = OciJson.OptionalStringMap(root, "annotations"),
                WriteMediaType = mediaType is not null,
            };
        });
    }

    /// <summary>Looks at a document's shape to tell a manifest from an index.</summary>
    public static bool LooksLikeIndex(ReadOnlyMemory<byte> json, string? declaredMediaType)
    {
        if (MediaTypes.IsIndex(declaredMediaType)) return true;
        if (MediaTypes.IsImageManifest(declaredMediaType)) return false;
        using var doc = OciJson.Parse(json, "manifest");
        var mt = OciJson.OptionalString(doc.RootElement, "mediaType");
        if (mt is not null) return MediaTypes.IsIndex(mt);
        return doc.RootElement.TryGetProperty("manifests", out _);
    }
}
