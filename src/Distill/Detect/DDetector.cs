namespace Distill.Detect;

/// <summary>D: <c>dub.json</c>/<c>dub.sdl</c> (the package name), or plain <c>*.d</c> sources for ldc2.</summary>
public sealed class DDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var json = ProjectFiles.Read(directory, "dub.json");
        var sdl = ProjectFiles.Read(directory, "dub.sdl");
        var sources = ProjectFiles.Recursive(directory, ".d");
        if (json is not null || sdl is not null)
        {
            var name = ProjectFiles.Capture(json, @"""name""\s*:\s*""([^""]+)""")
                ?? ProjectFiles.Capture(sdl, @"^name\s+""([^""]+)""")
                ?? ProjectFiles.DirectoryName(directory);
            return new ProjectInfo
            {
                Language = Language.D,
                Directory = directory,
                BuildSystem = "dub",
                Name = name,
                Reason = $"{(json is not null ? "dub.json" : "dub.sdl")} (package {name})",
                Sources = sources,
                Facts = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["dependencies"] = (json?.Contains("\"dependencies\"", StringComparison.Ordinal) ?? false) || (sdl?.Contains("dependency \"", StringComparison.Ordinal) ?? false) ? "yes" : "no",
                },
            };
        }
        var main = ProjectFiles.MainOf(directory, ["main.d", "app.d", "source/app.d"], ProjectFiles.TopLevel(directory, "*.d"));
        return main is null ? null : new ProjectInfo
        {
            Language = Language.D,
            Directory = directory,
            BuildSystem = "ldc2",
            Name = Path.GetFileNameWithoutExtension(main) is "main" or "app" ? ProjectFiles.DirectoryName(directory) : Path.GetFileNameWithoutExtension(main),
            Reason = $"{sources.Count} D source file(s) without dub.json",
            MainFile = main,
            Sources = sources,
        };
    }
}
