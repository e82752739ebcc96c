namespace Distill.Detect;

/// <summary>Crystal: <c>shard.yml</c> (the first target's name and main), or a lone <c>*.cr</c> program.</summary>
public sealed class CrystalDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var shard = ProjectFiles.Read(directory, "shard.yml");
        if (shard is not null)
        {
            var target = ProjectFiles.Capture(shard, @"^targets:\s*\n\s+([\w-]+):");
            var main = ProjectFiles.Capture(shard, @"^targets:\s*\n\s+[\w-]+:\s*\n\s+main:\s*(\S+)");
            var name = target ?? ProjectFiles.Capture(shard, @"^name:\s*(\S+)") ?? ProjectFiles.DirectoryName(directory);
            var crystal = ProjectFiles.Capture(shard, @"^crystal:\s*[""'>=~^ ]*(\d+\.\d+)");
            return new ProjectInfo
            {
                Language = Language.Crystal,
                Directory = directory,
                BuildSystem = "shards",
                Name = name,
                Reason = $"shard.yml (target {name})",
                MainFile = main ?? $"src/{name}.cr",
                ToolchainVersion = crystal,
                ToolchainVersionSource = crystal is null ? null : "shard.yml crystal",
            };
        }
        var lone = ProjectFiles.MainOf(directory, ["main.cr"], ProjectFiles.TopLevel(directory, "*.cr"));
        return lone is null ? null : new ProjectInfo
        {
            Language = Language.Crystal,
            Directory = directory,
            BuildSystem = "crystal",
            Name = Path.GetFileNameWithoutExtension(lone),
            Reason = $"{lone} without shard.yml",
            MainFile = lone,
        };
    }
}
