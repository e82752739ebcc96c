namespace Distill.Detect;

/// <summary>Zig: <c>build.zig</c> (the executable's <c>.name</c>), or a lone <c>main.zig</c>.</summary>
public sealed class ZigDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var build = ProjectFiles.Read(directory, "build.zig");
        var zon = ProjectFiles.Read(directory, "build.zig.zon");
        if (build is not null)
        {
            var name = ProjectFiles.Capture(build, @"addExecutable\(\s*\.\{[^}]*?\.name\s*=\s*""([^""]+)""")
                ?? ProjectFiles.DirectoryName(directory);
            var version = ProjectFiles.Capture(zon, @"\.minimum_zig_version\s*=\s*""(\d+\.\d+)");
            return new ProjectInfo
            {
                Language = Language.Zig,
                Directory = directory,
                BuildSystem = "zig-build",
                Name = name,
                Reason = $"build.zig (executable {name})",
                ToolchainVersion = version,
                ToolchainVersionSource = version is null ? null : "build.zig.zon minimum_zig_version",
            };
        }
        var main = ProjectFiles.MainOf(directory, ["main.zig", "src/main.zig"], ProjectFiles.TopLevel(directory, "*.zig"));
        return main is null ? null : new ProjectInfo
        {
            Language = Language.Zig,
            Directory = directory,
            BuildSystem = "zig",
            Name = Path.GetFileNameWithoutExtension(main) is "main" ? ProjectFiles.DirectoryName(directory) : Path.GetFileNameWithoutExtension(main),
            Reason = $"{main} without build.zig",
            MainFile = main,
        };
    }
}
