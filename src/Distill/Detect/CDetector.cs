namespace Distill.Detect;

/// <summary>
/// C and C++: <c>CMakeLists.txt</c> (the first <c>add_executable</c>), a <c>Makefile</c> (its first
/// target), or plain sources. C++ when any source is C++; checked last, as many projects carry a Makefile.
/// </summary>
public sealed class CDetector : IProjectDetector
{
    private static readonly string[] CppExtensions = [".cpp", ".cc", ".cxx", ".C"];

    public ProjectInfo? TryDetect(string directory)
    {
        var c = ProjectFiles.Recursive(directory, ".c");
        var cpp = CppExtensions.SelectMany(e => ProjectFiles.Recursive(directory, e)).Distinct().Order(StringComparer.Ordinal).ToList();
        var cmake = ProjectFiles.Read(directory, "CMakeLists.txt");
        var makefile = ProjectFiles.Read(directory, "Makefile") ?? ProjectFiles.Read(directory, "makefile");
        if (cmake is null && makefile is null && c.Count == 0 && cpp.Count == 0)
        {
            return null;
        }
        var language = cpp.Count > 0 || (cmake is not null && ProjectFiles.Capture(cmake, @"project\s*\([^)]*\b(CXX)\b") is not null) ? Language.Cpp : Language.C;
        var sources = language == Language.Cpp ? cpp.Concat(c).ToList() : c;
        if (cmake is not null)
        {
            var target = ProjectFiles.Capture(cmake, @"add_executable\s*\(\s*([\w.+-]+)") ?? ProjectFiles.DirectoryName(directory);
            return Project(language, directory, "cmake", target, $"CMakeLists.txt (executable {target})", sources);
        }
        if (makefile is not null)
        {
            // The default goal: the first rule whose target is not special (.PHONY) or a pattern.
            var target = ProjectFiles.Capture(makefile, @"^([A-Za-z0-9_][\w.+-]*)\s*:(?!=)") ?? ProjectFiles.DirectoryName(directory);
            if (target is "all")
            {
                target = ProjectFiles.Capture(makefile, @"^all\s*:\s*([\w.+-]+)") ?? target;
            }
            return Project(language, directory, "make", target, $"Makefile (default target {target})", sources);
        }
        var name = sources.Count == 1 ? Path.GetFileNameWithoutExtension(sources[0]) : ProjectFiles.DirectoryName(directory);
        return Project(language, directory, "sources", name, $"{sources.Count} {(language == Language.Cpp ? "C++" : "C")} source file(s), no build file", sources);
    }

    private static ProjectInfo Project(Language language, string directory, string system, string name, string reason, List<string> sources) => new()
    {
        Language = language,
        Directory = directory,
        BuildSystem = system,
        Name = name,
        Reason = reason,
        Sources = sources,
    };
}
