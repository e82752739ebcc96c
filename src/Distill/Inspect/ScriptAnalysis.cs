using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Distill.Base;

namespace Distill.Inspect;

/// <summary>Scripts: the interpreter from the shebang (or the extension), its version from hints next to the script.</summary>
internal static partial class ScriptAnalysis
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        [".py"] = "python3", [".js"] = "node", [".mjs"] = "node", [".cjs"] = "node", [".sh"] = "sh",
        [".bash"] = "bash", [".rb"] = "ruby", [".php"] = "php", [".pl"] = "perl",
    };

    /// <summary>True when the head of a file makes it a script this analysis understands.</summary>
    public static bool Recognizes(string path, ReadOnlySpan<byte> head) =>
        Shebang.Parse(head) is not null || (Extensions.ContainsKey(Path.GetExtension(path)) && LooksLikeText(head));

    public static ArtifactReport Analyze(string path, byte[] head, ArtifactRoot root)
    {
        var warnings = new List<string>();
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var shebang = Shebang.Parse(head);
        string command;
        if (shebang is null)
        {
            command = Extensions[Path.GetExtension(path)];
            warnings.Add($"no #! line: the entrypoint must name the interpreter in exec form, e.g. [\"{command}\", \"{Path.GetFileName(path)}\"]");
        }
        else
        {
            command = shebang.Command;
            details["shebang"] = shebang.Line;
            warnings.AddRange(shebang.Problems);
        }
        var runtime = Runtime(Shebang.Base(command), root, details, warnings);
        if (runtime.Name is "sh" or "bash")
        {
            warnings.Add("a shell script runs only where /bin/sh (or bash) and every command it calls exist; no distroless base has a shell");
        }
        var requirements = new Requirements
        {
            Subject = $"{runtime.Name} script",
            Interpreter = shebang?.Interpreter,
            Runtime = runtime,
        };
        return new ArtifactReport
        {
            Path = path,
            Format = ArtifactFormat.Script,
            Kind = "script",
            Requirements = requirements,
            Base = BasePolicy.Choose(requirements),
            Warnings = warnings,
            Details = details,
        };
    }

    private static RuntimeNeed Runtime(string command, ArtifactRoot root, SortedDictionary<string, string> details, List<string> warnings)
    {
        if (command is "sh" or "dash" or "ash")
        {
            return new RuntimeNeed("sh");
        }
        if (command is "node" or "nodejs")
        {
            return new RuntimeNeed("node", NodeVersion(root, details));
        }
        if (PythonCommand().Match(command) is { Success: true } py)
        {
            // "python3" says only the major; a .python-version or requires-python next to it says more.
            var version = py.Groups[1].Value is { Length: > 0 } v && v != "3" ? v : PythonVersion(root, details);
            if (version == "2" || version.StartsWith("2.", StringComparison.Ordinal))
            {
                warnings.Add("Python 2 is end-of-life and no base tier carries it");
            }
            else if (command == "python")
            {
                warnings.Add("'python' may be Python 2 or missing on Debian; name python3");
            }
            if (version.StartsWith("3.", StringComparison.Ordinal) && int.TryParse(version[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor > 11)
            {
                warnings.Add($"needs Python {version}; the python3 tier (Debian 12) has 3.11");
            }
            return new RuntimeNeed("python", version.Length > 0 ? version : null);
        }
        return new RuntimeNeed(command);
    }

    /// <summary>The Node major from .nvmrc or package.json engines.node.</summary>
    private static string? NodeVersion(ArtifactRoot root, SortedDictionary<string, string> details)
    {
        if (root.Read(".nvmrc", 256) is { } nvmrc && FirstNumber(System.Text.Encoding.UTF8.GetString(nvmrc)) is { } fromNvm)
        {
            details["node.versionFrom"] = ".nvmrc";
            return fromNvm;
        }
        using var pkg = PackageJson.Read(root);
        if (pkg is not null && pkg.RootElement.ValueKind == JsonValueKind.Object
            && pkg.RootElement.TryGetProperty("engines", out var engines) && engines.ValueKind == JsonValueKind.Object
            && engines.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String)
        {
            details["node.engines"] = node.GetString()!;
            return FirstNumber(node.GetString()!);
        }
        return null;
    }

    /// <summary>The Python major.minor from .python-version or pyproject.toml requires-python.</summary>
    private static string PythonVersion(ArtifactRoot root, SortedDictionary<string, string> details)
    {
        if (root.Read(".python-version", 256) is { } pv && MajorMinor().Match(System.Text.Encoding.UTF8.GetString(pv)) is { Success: true } m)
        {
            details["python.versionFrom"] = ".python-version";
            return m.Value;
        }
        if (root.Read("pyproject.toml", 1 << 20) is { } toml && RequiresPython().Match(System.Text.Encoding.UTF8.GetString(toml)) is { Success: true } r)
        {
            details["python.requires"] = r.Groups[1].Value;
            return MajorMinor().Match(r.Groups[1].Value) is { Success: true } mm ? mm.Value : "3";
        }
        return "3";
    }

    private static string? FirstNumber(string text) => Number().Match(text) is { Success: true } m ? m.Value : null;

    private static bool LooksLikeText(ReadOnlySpan<byte> head) => head.Length > 0 && !head.Contains((byte)0);

    [GeneratedRegex(@"^python(\d(?:\.\d+)?)?$")]
    private static partial Regex PythonCommand();

    [GeneratedRegex(@"\d+\.\d+")]
    private static partial Regex MajorMinor();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex("""requires-python\s*=\s*["']([^"']*)["']""")]
    private static partial Regex RequiresPython();
}
