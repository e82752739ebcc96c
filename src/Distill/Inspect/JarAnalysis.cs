using System.Globalization;
using System.IO.Compression;
using System.Text;
using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// Java jars: Main-Class and Class-Path from META-INF/MANIFEST.MF, and the highest class file major version
/// (Java = major − 44) over the base entries (multi-release <c>META-INF/versions/</c> entries only run on
/// newer JVMs, so they do not raise the floor). Only headers are read: 8 bytes per class, 1 MiB of manifest.
/// </summary>
internal static class JarAnalysis
{
    private const int MaxEntries = 200_000;
    private const int MaxManifest = 1 << 20;

    public static ArtifactReport Analyze(string path, ArtifactRoot root)
    {
        try
        {
            return Read(path, root);
        }
        catch (InvalidDataException e)
        {
            throw new DistillException(ErrorCode.UnknownArtifact, $"{path} is not a readable jar: {e.Message}");
        }
    }

    private static ArtifactReport Read(string path, ArtifactRoot root)
    {
        var warnings = new List<string>();
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (var zip = ZipFile.OpenRead(path))
        {
            if (zip.Entries.Count > MaxEntries)
            {
                throw new DistillException(ErrorCode.LimitExceeded, $"{path} has {zip.Entries.Count} entries, more than the {MaxEntries} analyze reads");
            }
            var manifest = ReadManifest(zip, path);
            var major = 0;
            var classes = 0;
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".class", StringComparison.Ordinal) || entry.FullName.StartsWith("META-INF/versions/", StringComparison.Ordinal))
                {
                    continue;
                }
                classes++;
                major = Math.Max(major, ClassMajor(entry));
            }
            if (manifest.TryGetValue("Main-Class", out var main))
            {
                details["java.mainClass"] = main;
            }
            else
            {
                warnings.Add("the manifest has no Main-Class: 'java -jar' cannot run it; the entrypoint must name the class");
            }
            if (manifest.TryGetValue("Class-Path", out var classPath))
            {
                details["java.classPath"] = classPath;
                foreach (var item in classPath.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!root.Exists(item))
                    {
                        warnings.Add($"Class-Path entry '{item}' is not next to the jar; copy it into the image beside the jar");
                    }
                }
            }
            if (zip.Entries.Any(e => e.FullName.StartsWith("BOOT-INF/lib/", StringComparison.Ordinal)))
            {
                warnings.Add("a Spring Boot jar: the nested jars in BOOT-INF/lib were not scanned for their class versions");
            }
            details["java.classes"] = classes.ToString(CultureInfo.InvariantCulture);
            if (major > 0)
            {
                details["java.classMajor"] = major.ToString(CultureInfo.InvariantCulture);
            }
            var java = major >= 45 ? major - 44 : 8;
            if (major == 0)
            {
                warnings.Add("no class files found; assuming Java 8 bytecode");
            }
            var version = java.ToString(CultureInfo.InvariantCulture);
            var requirements = new Requirements
            {
                Subject = $"Java {version} jar",
                Runtime = new RuntimeNeed("java", version),
            };
            return new ArtifactReport
            {
                Path = path,
                Format = ArtifactFormat.Jar,
                Kind = "jar",
                Requirements = requirements,
                Base = BasePolicy.Choose(requirements),
                Warnings = warnings,
                Details = details,
            };
        }
    }

    /// <summary>Main attributes of the manifest: "Name: value" lines, continuation lines start with one space.</summary>
    private static Dictionary<string, string> ReadManifest(ZipArchive zip, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var entry = zip.GetEntry("META-INF/MANIFEST.MF");
        if (entry is null)
        {
            return result;
        }
        var bytes = ReadAtMost(entry, MaxManifest + 1);
        if (bytes.Length > MaxManifest)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{path}: META-INF/MANIFEST.MF is larger than {MaxManifest} bytes");
        }
        string? key = null;
        var value = new StringBuilder();
        foreach (var raw in Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith(' ') && key is not null)
            {
                value.Append(raw.AsSpan(1));
                continue;
            }
            if (key is not null)
            {
                result.TryAdd(key, value.ToString().Trim());
            }
            key = null;
            if (raw.Length == 0)
            {
                break; // the main section ends at the first blank line
            }
            var colon = raw.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                key = raw[..colon];
                value.Clear().Append(raw.AsSpan(colon + 2));
            }
        }
        if (key is not null)
        {
            result.TryAdd(key, value.ToString().Trim());
        }
        return result;
    }

    /// <summary>The class file major version (bytes 6-7 after CAFEBABE and the minor), or 0 when it is not a class file.</summary>
    private static int ClassMajor(ZipArchiveEntry entry)
    {
        try
        {
            var head = ReadAtMost(entry, 8);
            return head.Length == 8 && head[0] == 0xca && head[1] == 0xfe && head[2] == 0xba && head[3] == 0xbe ? (head[6] << 8) | head[7] : 0;
        }
        catch (InvalidDataException)
        {
            return 0;
        }
    }

    private static byte[] ReadAtMost(ZipArchiveEntry entry, int max)
    {
        using var stream = entry.Open();
        return ArtifactRoot.ReadAtMost(stream, max);
    }
}
