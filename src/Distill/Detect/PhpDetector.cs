namespace Distill.Detect;

/// <summary>PHP: <c>composer.json</c> or a main <c>*.php</c>; composer's <c>require.php</c> pins it.</summary>
public sealed class PhpDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var composer = ProjectFiles.Read(directory, "composer.json");
        var main = ProjectFiles.MainOf(directory, ["index.php", "main.php", "app.php"], ProjectFiles.TopLevel(directory, "*.php"));
        if (composer is null && main is null)
        {
            return null;
        }
        if (main is null)
        {
            throw new DistillException(ErrorCode.NoProjectDetected, $"'{directory}' is a PHP project without an entry script (index.php, main.php or a single *.php)");
        }
        var asked = ProjectFiles.MajorVersion(ProjectFiles.Capture(composer, @"""php""\s*:\s*""([^""]+)"""), minor: true);
        return new ProjectInfo
        {
            Language = Language.Php,
            Directory = directory,
            BuildSystem = "composer",
            Name = ProjectFiles.DirectoryName(directory),
            Reason = $"{(composer is null ? main : "composer.json")} (entry {main})",
            MainFile = main,
            ToolchainVersion = asked,
            ToolchainVersionSource = asked is null ? null : "composer.json require.php",
            Facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["composer"] = composer is null ? "no" : "yes" },
        };
    }
}
