namespace Distill.Detect;

/// <summary>Python: <c>pyproject.toml</c>, <c>requirements.txt</c>, <c>setup.py</c> or a main script; <c>requires-python</c>/<c>.python-version</c> pin it.</summary>
public sealed class PythonDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var pyproject = ProjectFiles.Read(directory, "pyproject.toml");
        var setup = ProjectFiles.Read(directory, "setup.py");
        var requirements = ProjectFiles.Exists(directory, "requirements.txt");
        var main = ProjectFiles.MainOf(directory, ["main.py", "app.py", "__main__.py", "server.py"], ProjectFiles.TopLevel(directory, "*.py"));
        if (pyproject is null && setup is null && !requirements && main is null)
        {
            return null;
        }
        if (main is null)
        {
            throw new DistillException(ErrorCode.NoProjectDetected,
                $"'{directory}' is a Python project without an entry script (main.py, app.py, __main__.py or a single *.py)");
        }
        var pinned = ProjectFiles.MajorVersion(ProjectFiles.Read(directory, ".python-version"), minor: true);
        var requires = ProjectFiles.MajorVersion(ProjectFiles.Capture(pyproject, @"^requires-python\s*=\s*""([^""]+)""")
            ?? ProjectFiles.Capture(setup, @"python_requires\s*=\s*['""]([^'""]+)"), minor: true);
        var name = ProjectFiles.Capture(pyproject, @"^name\s*=\s*""([^""]+)""") ?? ProjectFiles.DirectoryName(directory);
        var why = pyproject is not null ? "pyproject.toml" : requirements ? "requirements.txt" : setup is not null ? "setup.py" : main;
        return new ProjectInfo
        {
            Language = Language.Python,
            Directory = directory,
            BuildSystem = "pip",
            Name = name,
            Reason = $"{why} (entry {main})",
            MainFile = main,
            ToolchainVersion = pinned ?? requires,
            ToolchainVersionSource = pinned is not null ? ".python-version" : requires is null ? null : "python_requires",
            Facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["requirements"] = requirements ? "yes" : "no" },
        };
    }
}
