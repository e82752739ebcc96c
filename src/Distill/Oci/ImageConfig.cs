using System.Globalization;
using System.Text.Json;

namespace Distill.Oci;

/// <summary>
/// The image configuration (OCI image-spec config.md). Typed fields for what Distill sets; every
/// other member of a base image's config survives a rewrite through <see cref="Extra"/>.
/// </summary>
public sealed record ImageConfig
{
    private static readonly HashSet<string> KnownMembers = ["created", "author", "architecture", "os", "os.version", "variant", "config", "rootfs", "history"];

    public string? Created { get; init; }
    public string? Author { get; init; }
    public required string Architecture { get; init; }
    public required string Os { get; init; }
    public string? OsVersion { get; init; }
    public string? Variant { get; init; }
    public ContainerConfig Config { get; init; } = new();
    public IReadOnlyList<Digest> DiffIds { get; init; } = [];
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>Unknown top-level members as raw JSON, keyed by name.</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    /// <summary>The platform this config describes.</summary>
    public Platform Platform => new(Os, Architecture, Variant) { OsVersion = OsVersion };

    /// <summary>Formats a time as Go's RFC 3339 (what <c>created</c> holds).</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public byte[] ToJson()
    {
        var w = new GoJsonWriter();
        w.StartObject();
        w.OptionalProperty("created", Created);
        w.OptionalProperty("author", Author);
        w.Property("architecture", Architecture).Property("os", Os);
        w.OptionalProperty("os.version", OsVersion);
        w.OptionalProperty("variant", Variant);
        w.Name("config");
        Config.WriteTo(w);
        w.Name("rootfs").StartObject().Property("type", "layers").Name("diff_ids").StringArray(DiffIds.Select(d => d.ToString())).EndObject();
        if (History.Count > 0)
        {
            w.Name("history").StartArray();
            foreach (var h in History)
            {
                h.WriteTo(w);
            }
            w.EndArray();
        }
        OciJson.WriteUnknown(w, Extra);
        return w.EndObject().ToArray();
    }

    /// <exception cref="FormatException">Malformed config.</exception>
    public static ImageConfig Parse(ReadOnlyMemory<byte> json)
    {
        return OciJson.Read(json, "image config", root =>
        {
            var diffIds = new List<Digest>();
            if (root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object)
            {
                var type = OciJson.OptionalString(rootfs, "type");
                if (type is not null and not "layers")
                {
                    throw new FormatException($"image config rootfs.type is '{type}', not 'layers'");
                }
                foreach (var d in OciJson.OptionalStringArray(rootfs, "diff_ids") ?? [])
                {
                    diffIds.Add(Digest.Parse(d));
                }
            }
            var history = new List<HistoryEntry>();
            if (root.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.Array)
            {
                history.AddRange(h.EnumerateArray().Select(HistoryEntry.Read));
            }
            return new ImageConfig
            {
                Created = OciJson.OptionalString(root, "created"),
                Author = OciJson.OptionalString(root, "author"),
                Architecture = OciJson.OptionalString(root, "architecture") ?? throw new FormatException("image config has no architecture"),
                Os = OciJson.OptionalString(root, "os") ?? throw new FormatException("image config has no os"),
                OsVersion = OciJson.OptionalString(root, "os.version"),
                Variant = OciJson.OptionalString(root, "variant"),
                Config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? ContainerConfig.Read(c) : new ContainerConfig(),
                DiffIds = diffIds,
                History = history,
                Extra = OciJson.Unknown(root, KnownMembers),
            };
        });
    }
}

/// <summary>The execution parameters (<c>config</c> member of the image config).</summary>
public sealed record ContainerConfig
{
    private static readonly HashSet<string> KnownMembers = ["User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels", "StopSignal"];

    public string? User { get; init; }
    public IReadOnlyCollection<string>? ExposedPorts { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyCollection<string>? Volumes { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? StopSignal { get; init; }
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    /// <summary>The value of an environment variable, or null.</summary>
    public string? GetEnv(string name)
    {
        foreach (var e in Env ?? [])
        {
            if (e.Length > name.Length && e[name.Length] == '=' && e.StartsWith(name, StringComparison.Ordinal))
            {
                return e[(name.Length + 1)..];
            }
        }
        return null;
    }

    /// <summary>Sets (replacing) environment variables, keeping the order of the existing ones.</summary>
    public ContainerConfig WithEnv(IEnumerable<KeyValuePair<string, string>> values)
    {
        var env = new List<string>(Env ?? []);
        foreach (var (k, v) in values)
        {
            var i = env.FindIndex(e => e.StartsWith(k + "=", StringComparison.Ordinal) || e == k);
            if (i >= 0) env[i] = $"{k}={v}";
            else env.Add($"{k}={v}");
        }
        return this with { Env = env };
    }

    internal void WriteTo(GoJsonWriter w)
    {
        w.StartObject();
        w.OptionalProperty("User", User);
        WriteSet(w, "ExposedPorts", ExposedPorts);
        if (Env is { Count: > 0 }) w.Name("Env").StringArray(Env);
        if (Entrypoint is { Count: > 0 }) w.Name("Entrypoint").StringArray(Entrypoint);
        if (Cmd is { Count: > 0 }) w.Name("Cmd").StringArray(Cmd);
        WriteSet(w, "Volumes", Volumes);
        w.OptionalProperty("WorkingDir", WorkingDir);
        if (Labels is { Count: > 0 }) w.Name("Labels").StringMap(Labels);
        w.OptionalProperty("StopSignal", StopSignal);
        OciJson.WriteUnknown(w, Extra);
        w.EndObject();
    }

    private static void WriteSet(GoJsonWriter w, string name, IReadOnlyCollection<string>? set)
    {
        if (set is not { Count: > 0 }) return;
        w.Name(name).StartObject();
        foreach (var key in set.Distinct().OrderBy(k => k, Utf8Ordinal.Instance))
        {
            w.Name(key).StartObject().EndObject();
        }
        w.EndObject();
    }

    internal static ContainerConfig Read(JsonElement e) => new()
    {
        User = OciJson.OptionalString(e, "User"),
        ExposedPorts = OciJson.OptionalKeySet(e, "ExposedPorts"),
        Env = OciJson.OptionalStringArray(e, "Env"),
        Entrypoint = OciJson.OptionalStringArray(e, "Entrypoint"),
        Cmd = OciJson.OptionalStringArray(e, "Cmd"),
        Volumes = OciJson.OptionalKeySet(e, "Volumes"),
        WorkingDir = OciJson.OptionalString(e, "WorkingDir"),
        Labels = OciJson.OptionalStringMap(e, "Labels"),
        StopSignal = OciJson.OptionalString(e, "StopSignal"),
        Extra = OciJson.Unknown(e, KnownMembers),
    };
}

/// <summary>One history entry of an image config.</summary>
public sealed record HistoryEntry
{
    public string? Created { get; init; }
    public string? CreatedBy { get; init; }
    public string? Author { get; init; }
    public string? Comment { get; init; }
    public bool EmptyLayer { get; init; }

    internal void WriteTo(GoJsonWriter w)
    {
        w.StartObject();
        w.OptionalProperty("created", Created);
        w.OptionalProperty("created_by", CreatedBy);
        w.OptionalProperty("author", Author);
        w.OptionalProperty("comment", Comment);
        if (EmptyLayer) w.Name("empty_layer").Bool(true);
        w.EndObject();
    }

    internal static HistoryEntry Read(JsonElement e) => new()
    {
        Created = OciJson.OptionalString(e, "created"),
        CreatedBy = OciJson.OptionalString(e, "created_by"),
        Author = OciJson.OptionalString(e, "author"),
        Comment = OciJson.OptionalString(e, "comment"),
        EmptyLayer = OciJson.OptionalBool(e, "empty_layer") ?? false,
    };
}
