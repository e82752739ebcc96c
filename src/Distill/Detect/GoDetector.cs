namespace Distill.Detect;

/// <summary>Go: <c>go.mod</c>; the <c>go</c> line pins the toolchain, the module path names the program.</summary>
public sealed class GoDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var mod = ProjectFiles.Read(directory, "go.mod");
        if (mod is null)
        {
            return null;
        }
        var module = ProjectFiles.Capture(mod, @"^module\s+(\S+)") ?? ProjectFiles.DirectoryName(directory);
        var go = ProjectFiles.Capture(mod, @"^go\s+(\d+\.\d+)");
        return new ProjectInfo
        {
            Language = Language.Go,
            Directory = directory,
            BuildSystem = "go",
            Name = module.Split('/')[^1],
            Reason = $"go.mod (module {module})",
            ToolchainVersion = go,
            ToolchainVersionSource = go is null ? null : "go.mod go line",
        };
    }
}
