using System.Text.RegularExpressions;

namespace Distill.Detect;

/// <summary>Java: <c>pom.xml</c> (Maven), <c>build.gradle(.kts)</c> (Gradle), or <c>*.java</c> sources with a main class (javac + jar).</summary>
public sealed class JavaDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var pom = ProjectFiles.Read(directory, "pom.xml");
        if (pom is not null)
        {
            // The project's own coordinates: what is left once the blocks naming other artifacts are removed.
            var own = Regex.Replace(pom, @"<(parent|dependencies|dependencyManagement|build|profiles|reporting|repositories|pluginRepositories)>[\s\S]*?</\1>", "",
                RegexOptions.None, TimeSpan.FromSeconds(1));
            var artifact = ProjectFiles.Capture(own, @"<artifactId>\s*([^<\s]+)\s*</artifactId>") ?? ProjectFiles.DirectoryName(directory);
            var version = ProjectFiles.Capture(own, @"<version>\s*([^<$\s]+)\s*</version>")
                ?? ProjectFiles.Capture(ProjectFiles.Capture(pom, @"<parent>([\s\S]*?)</parent>"), @"<version>\s*([^<$\s]+)\s*</version>");
            var release = ProjectFiles.Capture(pom, @"<maven\.compiler\.(?:release|target|source)>\s*(\d+)")
                ?? ProjectFiles.Capture(pom, @"<release>\s*(\d+)\s*</release>") ?? ProjectFiles.Capture(pom, @"<java\.version>\s*(\d+)");
            var maven = Project(directory, "maven", artifact, $"pom.xml (artifact {artifact})", release, "pom.xml", null);
            return version is null ? maven : maven with { Facts = new Dictionary<string, string>(maven.Facts, StringComparer.Ordinal) { ["version"] = version } };
        }
        var gradleFile = ProjectFiles.Exists(directory, "build.gradle.kts") ? "build.gradle.kts" : ProjectFiles.Exists(directory, "build.gradle") ? "build.gradle" : null;
        if (gradleFile is not null)
        {
            var gradle = ProjectFiles.Read(directory, gradleFile);
            var settings = ProjectFiles.Read(directory, "settings.gradle.kts") ?? ProjectFiles.Read(directory, "settings.gradle");
            var name = ProjectFiles.Capture(settings, @"rootProject\.name\s*=\s*[""']([^""']+)") ?? ProjectFiles.DirectoryName(directory);
            var version = ProjectFiles.Capture(gradle, @"languageVersion(?:\.set\(|\s*=\s*)\s*JavaLanguageVersion\.of\((\d+)")
                ?? ProjectFiles.Capture(gradle, @"sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_)?['""]?(\d+)");
            var main = ProjectFiles.Capture(gradle, @"mainClass(?:\.set\(|\s*=\s*)\s*[""']([^""']+)");
            return Project(directory, "gradle", name, $"{gradleFile} (project {name})", version, gradleFile, main);
        }
        var sources = ProjectFiles.Recursive(directory, ".java");
        var mainSource = sources.FirstOrDefault(s => (ProjectFiles.Read(directory, s) ?? "").Contains("static void main(", StringComparison.Ordinal));
        if (mainSource is null)
        {
            return null;
        }
        var pkg = ProjectFiles.Capture(ProjectFiles.Read(directory, mainSource), @"^package\s+([\w.]+)\s*;");
        var cls = Path.GetFileNameWithoutExtension(mainSource);
        var mainClass = pkg is null ? cls : $"{pkg}.{cls}";
        return Project(directory, "javac", ProjectFiles.DirectoryName(directory), $"{sources.Count} Java source file(s), main class {mainClass}", null, null, mainClass) with { Sources = sources, MainFile = mainSource };
    }

    private static ProjectInfo Project(string directory, string system, string name, string reason, string? version, string? versionSource, string? mainClass) => new()
    {
        Language = Language.Java,
        Directory = directory,
        BuildSystem = system,
        Name = name,
        Reason = reason,
        ToolchainVersion = version,
        ToolchainVersionSource = version is null ? null : versionSource,
        Facts = mainClass is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal) { ["mainClass"] = mainClass },
    };
}
