namespace Distill.Detect;

/// <summary>Go: <c>go.mod</c>; the <c>go</c> line pins the toolchain, the module path names the program, imports of C say cgo.</summary>
public sealed class GoDetector : IProjectDetector
{
    /// <summary>The fact that says why the module needs cgo (absent when it does not).</summary>
    public const string CgoFact = "cgo";

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
            Facts = GoCgo.Why(directory, mod) is { } cgo
                ? new Dictionary<string, string>(StringComparer.Ordinal) { [CgoFact] = cgo }
                : new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }
}
