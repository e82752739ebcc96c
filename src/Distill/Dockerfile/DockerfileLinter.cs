using Distill.Oci;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Distill.Dockerfile;

/// <summary>
/// Our own checks for minimal images (hadolint's DL3002/3006/3007/3025/DL3066 in spirit, applied
/// per stage): exec-form ENTRYPOINT/CMD, a numeric non-root last USER in the final stage, pinned
/// tags, no ADD of URLs, no package manager run in the final stage.
/// </summary>
public static partial class DockerfileLinter
{
    public const string ExecForm = "exec-form";
    public const string NumericUser = "numeric-user";
    public const string PinnedTag = "pinned-tag";
    public const string AddUrl = "no-add-url";
    public const string FinalPackageManager = "no-package-manager-in-final-stage";

    private static readonly string[] PackageManagers = ["apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "dpkg", "rpm", "pip", "pip3", "npm", "gem", "composer"];

    public static IReadOnlyList<LintFinding> Lint(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var instructions = Instructions(dockerfile);
        var findings = new List<LintFinding>();
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var finalStart = instructions.FindLastIndex(i => i.Keyword == "FROM");
        (int Line, string Value)? lastUser = null;
        for (var n = 0; n < instructions.Count; n++)
        {
            var (line, keyword, rest) = instructions[n];
            var final = n > finalStart;
            switch (keyword)
            {
                case "FROM":
                    var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
                    var image = parts.FirstOrDefault() ?? "";
                    if (!IsPinned(image, stages))
                    {
                        findings.Add(new(PinnedTag, line, $"'{image}' has no pinned tag (name a version, not latest, or a digest)"));
                    }
                    if (parts.Count >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                    {
                        stages.Add(parts[2]);
                    }
                    break;
                case "ENTRYPOINT" or "CMD" when !IsJsonArray(rest):
                    findings.Add(new(ExecForm, line, $"{keyword} is in shell form; use exec form (a JSON array): a minimal image has no /bin/sh"));
                    break;
                case "ADD" when UrlPattern().IsMatch(rest):
                    findings.Add(new(AddUrl, line, "ADD of a URL fetches unpinned, unchecked content; download in the build stage and verify a checksum"));
                    break;
                case "RUN" when final && RunsPackageManager(rest) is { } pm:
                    findings.Add(new(FinalPackageManager, line, $"the final stage runs '{pm}'; install in the build stage and copy only what the app needs"));
                    break;
                case "USER" when final:
                    lastUser = (line, rest.Trim());
                    break;
            }
        }
        if (lastUser is not { } user)
        {
            findings.Add(new(NumericUser, instructions.Count > 0 ? instructions[^1].Line : 1, "the final stage sets no USER; add USER 65532 (numeric, non-root)"));
        }
        else if (!Regex.IsMatch(user.Value, @"^\d+(:\d+)?$", RegexOptions.None, TimeSpan.FromSeconds(1)) || user.Value.Split(':')[0] == "0")
        {
            findings.Add(new(NumericUser, user.Line, $"USER '{user.Value}' is not a numeric non-root user (Kubernetes runAsNonRoot needs a number)"));
        }
        return findings;
    }

    private static bool IsPinned(string image, HashSet<string> stages)
    {
        if (image.Equals("scratch", StringComparison.OrdinalIgnoreCase) || stages.Contains(image) || image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return true;
        }
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon > 0 && image[(colon + 1)..] is { Length: > 0 } tag && tag != "latest" && !tag.StartsWith('$');
    }

    private static bool IsJsonArray(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? RunsPackageManager(string command)
    {
        var words = IsJsonArray(command)
            ? StringListJson.Parse(command)!
            : command.Split([' ', '\t', ';', '&', '|', '(', ')'], StringSplitOptions.RemoveEmptyEntries).ToList();
        return words.Select(w => Path.GetFileName(w)).FirstOrDefault(w => PackageManagers.Contains(w, StringComparer.Ordinal));
    }

    /// <summary>Instructions with their first line, joining backslash continuations and skipping comments.</summary>
    private static List<(int Line, string Keyword, string Text)> Instructions(string text)
    {
        var result = new List<(int, string, string)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i].Trim();
            }
            var space = line.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            result.Add((start + 1, keyword, space < 0 ? "" : line[(space + 1)..].Trim()));
        }
        return result;
    }

    [GeneratedRegex(@"(^|\s)(https?|ftp)://", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}
