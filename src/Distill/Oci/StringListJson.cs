using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Distill.Oci;

/// <summary>
/// Source-generated JSON for the few plain values Distill (de)serializes outside the OCI model
/// (exec-form argument lists, quoted strings), so the CLI also works as a NativeAOT binary.
/// </summary>
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string))]
[JsonSourceGenerationOptions(AllowTrailingCommas = false)]
internal sealed partial class StringListJsonContext : JsonSerializerContext;

/// <summary>Exec-form lists and JSON strings without reflection.</summary>
public static class StringListJson
{
    // Relaxed escaping: Dockerfile readers take UTF-8, and '+' or '<' must stay readable.
    private static readonly StringListJsonContext Relaxed = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Parses a JSON array of strings.</summary>
    /// <exception cref="JsonException">Not a JSON array of strings.</exception>
    public static List<string>? Parse(string json) => JsonSerializer.Deserialize(json, StringListJsonContext.Default.ListString);

    /// <summary>A JSON string literal for <paramref name="value"/>.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, Relaxed.String);
}
