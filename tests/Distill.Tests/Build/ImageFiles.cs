using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Distill.Tests.Build;

/// <summary>Reads an image from an OCI layout without unpacking it: the config and every path its layers hold.</summary>
public sealed record ImageFiles(JsonNode Config, IReadOnlySet<string> Paths)
{
    public static ImageFiles Read(string layout, string tag = "latest")
    {
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!;
        var manifestDigest = index["manifests"]!.AsArray().First(m => (string?)m!["annotations"]?["org.opencontainers.image.ref.name"] == tag)!["digest"]!.GetValue<string>();
        var manifest = JsonNode.Parse(File.ReadAllText(Blob(layout, manifestDigest)))!;
        var config = JsonNode.Parse(File.ReadAllText(Blob(layout, manifest["config"]!["digest"]!.GetValue<string>())))!;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in manifest["layers"]!.AsArray())
        {
            using var file = File.OpenRead(Blob(layout, layer!["digest"]!.GetValue<string>()));
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                paths.Add("/" + entry.Name.TrimEnd('/'));
            }
        }
        return new ImageFiles(config, paths);
    }

    public List<string> ImageEntrypoint => Config["config"]!["Entrypoint"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();

    public string? ImageUser => (string?)Config["config"]!["User"];

    private static string Blob(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
}
