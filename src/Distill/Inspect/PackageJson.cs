using System.Text.Json;

namespace Distill.Inspect;

/// <summary>Reads package.json inside a root, bounded and strict about duplicate keys; null when absent or not JSON.</summary>
internal static class PackageJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static JsonDocument? Read(ArtifactRoot root)
    {
        if (root.Read("package.json", 1 << 20) is not { } bytes)
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
