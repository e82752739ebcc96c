using System.Text.Json;

namespace Distill.Inspect;

/// <summary>
/// The parts of <c>*.runtimeconfig.json</c> that decide the base: the shared frameworks a framework-dependent
/// app needs (<c>framework</c>/<c>frameworks</c>), or the ones a self-contained app carries
/// (<c>includedFrameworks</c>), and <c>System.Globalization.Invariant</c>.
/// </summary>
internal sealed record DotnetRuntimeConfig(string? Tfm, IReadOnlyList<(string Name, string Version)> Frameworks, bool SelfContained, bool Invariant)
{
    public const int MaxBytes = 1 << 20;

    /// <summary>The environment variable that turns invariant globalization on when the runtimeconfig does not set it.</summary>
    public const string InvariantVariable = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";

    /// <summary>True when <see cref="InvariantVariable"/>'s value means on to the runtime ("1" or "true", any case).</summary>
    public static bool InvariantByEnvironment(string? value) =>
        value is not null && (value.Trim() == "1" || string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
        AllowDuplicateProperties = false,
    };

    /// <summary>Major.minor of the main framework (Microsoft.NETCore.App if listed), e.g. "10.0".</summary>
    public string? RuntimeVersion
    {
        get
        {
            if (Frameworks.Count == 0)
            {
                return null;
            }
            var main = Frameworks.Where(f => f.Name == "Microsoft.NETCore.App").DefaultIfEmpty(Frameworks[0]).First();
            return string.Join('.', main.Version.Split('.').Take(2));
        }
    }

    public bool NeedsAspNet => Frameworks.Any(f => f.Name == "Microsoft.AspNetCore.App");

    /// <summary>Parses the JSON; null when it is not a runtimeconfig (malformed JSON, no runtimeOptions).</summary>
    public static DotnetRuntimeConfig? Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("runtimeOptions", out var ro) || ro.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var frameworks = new List<(string, string)>();
            var selfContained = false;
            if (ro.TryGetProperty("framework", out var one))
            {
                Add(frameworks, one);
            }
            foreach (var key in new[] { "frameworks", "includedFrameworks" })
            {
                if (ro.TryGetProperty(key, out var many) && many.ValueKind == JsonValueKind.Array)
                {
                    selfContained |= key == "includedFrameworks";
                    foreach (var f in many.EnumerateArray().Take(64))
                    {
                        Add(frameworks, f);
                    }
                }
            }
            var invariant = ro.TryGetProperty("configProperties", out var props) && props.ValueKind == JsonValueKind.Object
                && props.TryGetProperty("System.Globalization.Invariant", out var inv)
                && (inv.ValueKind == JsonValueKind.True || (inv.ValueKind == JsonValueKind.String && string.Equals(inv.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
            var tfm = ro.TryGetProperty("tfm", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return new DotnetRuntimeConfig(tfm, frameworks, selfContained, invariant);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Add(List<(string, string)> list, JsonElement f)
    {
        if (f.ValueKind == JsonValueKind.Object
            && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            && f.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String)
        {
            list.Add((n.GetString()!, v.GetString()!));
        }
    }
}
