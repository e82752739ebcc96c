using System.Text.Json;

namespace Distill.Oci;

/// <summary>
/// The one place OCI JSON is parsed: exactly the verified bytes, duplicate keys rejected
/// (RELIABILITY B3-08), size capped, and every field read with a typed, bounded helper.
/// </summary>
public static class OciJson
{
    /// <summary>The largest manifest, index or config accepted (ggcr uses 100 MiB; the spec asks ≥ 4 MiB).</summary>
    public const int MaxDocumentBytes = 32 * 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 64,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Parses one JSON document; throws <see cref="FormatException"/> on anything malformed.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string what)
    {
        if (json.Length > MaxDocumentBytes)
        {
            throw new FormatException($"{what} is {json.Length} bytes, more than the {MaxDocumentBytes}-byte limit");
        }
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new FormatException($"{what} is not valid UTF-8");
        }
        try
        {
            var doc = JsonDocument.Parse(json, Options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new FormatException($"{what} is not a JSON object");
            }
            return doc;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs a model's reader over a parsed document, turning the JSON API's complaints about content
    /// (an escaped lone surrogate, a number out of range) into the one documented exception.
    /// </summary>
    internal static T Read<T>(ReadOnlyMemory<byte> json, string what, Func<JsonElement, T> read)
    {
        using var doc = Parse(json, what);
        try
        {
            return read(doc.RootElement);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"{what}: {e.Message}", e);
        }
    }

    internal static string RequiredString(JsonElement e, string name) =>
        OptionalString(e, name) ?? throw new FormatException($"missing string field '{name}'");

    internal static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null => null,
                _ => throw new FormatException($"field '{name}' is not a string"),
            }
            : null;

    internal static long RequiredLong(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            throw new FormatException($"missing or invalid integer field '{name}'");
        }
        return n;
    }

    internal static bool? OptionalBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => throw new FormatException($"field '{name}' is not a boolean"),
            }
            : null;

    internal static IReadOnlyList<string>? OptionalStringArray(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"field '{name}' is not an array");
        }
        var list = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new FormatException($"'{name}' holds a non-string"));
        }
        return list;
    }

    internal static SortedDictionary<string, string>? OptionalStringMap(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"field '{name}' is not an object");
        }
        var map = new SortedDictionary<string, string>(Utf8Ordinal.Instance);
        foreach (var p in v.EnumerateObject())
        {
            map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException($"'{name}.{p.Name}' is not a string");
        }
        return map;
    }

    /// <summary>Keys of a JSON object used as a set (<c>ExposedPorts</c>, <c>Volumes</c>).</summary>
    internal static SortedSet<string>? OptionalKeySet(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"field '{name}' is not an object");
        }
        var set = new SortedSet<string>(Utf8Ordinal.Instance);
        foreach (var p in v.EnumerateObject())
        {
            set.Add(p.Name);
        }
        return set;
    }

    /// <summary>Members not in <paramref name="known"/>, kept as raw JSON so they survive a rewrite.</summary>
    internal static SortedDictionary<string, string> Unknown(JsonElement e, IReadOnlySet<string> known)
    {
        var extra = new SortedDictionary<string, string>(Utf8Ordinal.Instance);
        foreach (var p in e.EnumerateObject())
        {
            if (!known.Contains(p.Name))
            {
                extra[p.Name] = p.Value.GetRawText();
            }
        }
        return extra;
    }

    internal static void WriteUnknown(GoJsonWriter w, IReadOnlyDictionary<string, string>? extra)
    {
        if (extra is null)
        {
            return;
        }
        foreach (var (k, raw) in extra.OrderBy(p => p.Key, Utf8Ordinal.Instance))
        {
            w.Name(k).RawJson(raw);
        }
    }
}
