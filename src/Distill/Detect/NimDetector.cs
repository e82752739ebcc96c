namespace Distill.Detect;

/// <summary>Nim: a <c>*.nimble</c> file (its <c>bin</c> and <c>srcDir</c>), or a lone <c>*.nim</c> program.</summary>
public sealed class NimDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var nimble = ProjectFiles.TopLevel(directory, "*.nimble").FirstOrDefault();
        if (nimble is not null)
        {
            var text = ProjectFiles.Read(directory, nimble);
            var bin = ProjectFiles.Capture(text, @"^bin\s*=\s*@\[\s*""([^""]+)""") ?? Path.GetFileNameWithoutExtension(nimble);
            var src = ProjectFiles.Capture(text, @"^srcDir\s*=\s*""([^""]+)""");
            var main = src is null ? $"{bin}.nim" : $"{src}/{bin}.nim";
            var nim = ProjectFiles.Capture(text, @"requires\s+""nim\s*>=\s*(\d+\.\d+)");
            return Project(directory, "nimble", bin, main, $"{nimble} (bin {bin})", nim);
        }
        var files = ProjectFiles.TopLevel(directory, "*.nim");
        var lone = ProjectFiles.MainOf(directory, ["main.nim"], files);
        return lone is null ? null : Project(directory, "nim", Path.GetFileNameWithoutExtension(lone), lone, $"{lone} without a .nimble file", null);
    }

    private static ProjectInfo Project(string directory, string system, string name, string main, string reason, string? version) => new()
    {
        Language = Language.Nim,
        Directory = directory,
        BuildSystem = system,
        Name = name,
        Reason = reason,
        MainFile = main,
        ToolchainVersion = version,
        ToolchainVersionSource = version is null ? null : "nimble requires nim",
    };
}
