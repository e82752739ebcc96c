using System.Text.Json;

namespace Distill.Detect;

/// <summary>Node.js: <c>package.json</c> (name, main, engines.node) and <c>.nvmrc</c>.</summary>
public sealed class NodeDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var text = ProjectFiles.Read(directory, "package.json");
        if (text is null)
        {
            return null;
        }
        string? name = null, main = null, engines = null;
        var dependencies = false;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            name = Str(root, "name");
            main = Str(root, "main");
            engines = root.TryGetProperty("engines", out var e) && e.ValueKind == JsonValueKind.Object ? Str(e, "node") : null;
            dependencies = root.TryGetProperty("dependencies", out var d) && d.ValueKind == JsonValueKind.Object && d.EnumerateObject().Any();
        }
        catch (JsonException ex)
        {
            throw new DistillException(ErrorCode.UnsupportedInput, $"'{Path.Combine(directory, "package.json")}' is not valid JSON: {ex.Message}", ex);
        }
        var nvmrc = ProjectFiles.MajorVersion(ProjectFiles.Read(directory, ".nvmrc"));
        var version = nvmrc ?? ProjectFiles.MajorVersion(engines);
        main ??= ProjectFiles.MainOf(directory, ["index.js", "server.js", "app.js", "main.js"], ProjectFiles.TopLevel(directory, "*.js")) ?? "index.js";
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lock"] = ProjectFiles.Exists(directory, "package-lock.json") || ProjectFiles.Exists(directory, "npm-shrinkwrap.json") ? "yes" : "no",
            ["dependencies"] = dependencies ? "yes" : "no",
        };
        return new ProjectInfo
        {
            Language = Language.Node,
            Directory = directory,
            BuildSystem = "npm",
            Name = SafeName(name) ?? ProjectFiles.DirectoryName(directory),
            Reason = $"package.json (main {main})",
            MainFile = main.StartsWith("./", StringComparison.Ordinal) ? main[2..] : main,
            ToolchainVersion = version,
            ToolchainVersionSource = nvmrc is not null ? ".nvmrc" : version is null ? null : "package.json engines.node",
            Facts = facts,
        };
    }

    private static string? Str(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // "@scope/name" → "name".
    private static string? SafeName(string? name) => name?.Split('/')[^1];
}
