using System.Text.RegularExpressions;

namespace Distill.Detect;

/// <summary>Small read-only helpers the detectors share: bounded reads, top-level globs, regex captures.</summary>
internal static class ProjectFiles
{
    // Manifests are small; a bigger one is not a manifest we should parse.
    private const long MaxManifestBytes = 1 << 20;

    /// <summary>The text of DIR/NAME, or null when it is missing or too big.</summary>
    public static string? Read(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        var info = new FileInfo(path);
        return info.Exists && info.Length <= MaxManifestBytes ? File.ReadAllText(path) : null;
    }

    public static bool Exists(string directory, string name) => File.Exists(Path.Combine(directory, name));

    /// <summary>Top-level files matching a pattern, as sorted names.</summary>
    public static List<string> TopLevel(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern, SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>Files with the extension anywhere under the directory (skipping build output and VCS), relative and sorted.</summary>
    public static List<string> Recursive(string directory, string extension)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true, MaxRecursionDepth = 16 };
        return Directory.EnumerateFiles(directory, "*" + extension, options)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(IsIgnoredDirectory))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Directories that never hold a project's own sources.</summary>
    public static bool IsIgnoredDirectory(string name) =>
        name is ".git" or ".distill" or "target" or "build" or "bin" or "obj" or "node_modules" or "zig-out" or ".zig-cache" or "zig-cache" or "vendor" or "__pycache__" or ".venv" or "out";

    /// <summary>The first capture group of <paramref name="pattern"/> in <paramref name="text"/>, or null.</summary>
    public static string? Capture(string? text, string pattern)
    {
        if (text is null)
        {
            return null;
        }
        try
        {
            var m = Regex.Match(text, pattern, RegexOptions.Multiline, TimeSpan.FromSeconds(1));
            return m.Success ? m.Groups[1].Value.Trim() : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null; // a manifest built to stall the pattern says nothing usable
        }
    }

    /// <summary>The major (or major.minor when <paramref name="minor"/>) of a version text like "^20.1", ">=3.11", "go1.22.3".</summary>
    public static string? MajorVersion(string? text, bool minor = false)
    {
        var m = Regex.Match(text ?? "", minor ? @"(\d+)\.(\d+)" : @"(\d+)", RegexOptions.None, TimeSpan.FromSeconds(1));
        return !m.Success ? null : minor ? $"{m.Groups[1].Value}.{m.Groups[2].Value}" : m.Groups[1].Value;
    }

    /// <summary>The directory's name, as a fallback program name.</summary>
    public static string DirectoryName(string directory) => Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));

    /// <summary>The first of <paramref name="candidates"/> that exists, else the only file of <paramref name="all"/>, else null.</summary>
    public static string? MainOf(string directory, IReadOnlyList<string> candidates, IReadOnlyList<string> all)
    {
        foreach (var c in candidates)
        {
            if (Exists(directory, c))
            {
                return c;
            }
        }
        return all.Count == 1 ? all[0] : null;
    }
}
