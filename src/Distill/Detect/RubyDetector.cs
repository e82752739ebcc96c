namespace Distill.Detect;

/// <summary>Ruby: <c>Gemfile</c> or a main <c>*.rb</c>; <c>.ruby-version</c> or the Gemfile's <c>ruby</c> line pins it.</summary>
public sealed class RubyDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var gemfile = ProjectFiles.Read(directory, "Gemfile");
        var main = ProjectFiles.MainOf(directory, ["main.rb", "app.rb", "server.rb"], ProjectFiles.TopLevel(directory, "*.rb").Where(f => f != "Gemfile").ToList());
        if (gemfile is null && main is null)
        {
            return null;
        }
        if (main is null)
        {
            throw new DistillException(ErrorCode.NoProjectDetected, $"'{directory}' is a Ruby project without an entry script (main.rb, app.rb or a single *.rb)");
        }
        var pinned = ProjectFiles.MajorVersion(ProjectFiles.Read(directory, ".ruby-version"), minor: true);
        var asked = ProjectFiles.MajorVersion(ProjectFiles.Capture(gemfile, @"^ruby\s+['""]([^'""]+)"), minor: true);
        return new ProjectInfo
        {
            Language = Language.Ruby,
            Directory = directory,
            BuildSystem = "bundler",
            Name = ProjectFiles.DirectoryName(directory),
            Reason = $"{(gemfile is null ? main : "Gemfile")} (entry {main})",
            MainFile = main,
            ToolchainVersion = pinned ?? asked,
            ToolchainVersionSource = pinned is not null ? ".ruby-version" : asked is null ? null : "Gemfile ruby",
            Facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["gemfile"] = gemfile is null ? "no" : "yes" },
        };
    }
}
