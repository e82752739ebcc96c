namespace Distill.Detect;

/// <summary>Runs the detectors in a fixed order: specific manifests first, generic build files last.</summary>
public static class ProjectDetector
{
    /// <summary>Every detector, most specific first (a Go or Node project with a Makefile is Go or Node).</summary>
    public static IReadOnlyList<IProjectDetector> All { get; } =
    [
        new GoDetector(), new RustDetector(), new ZigDetector(), new NimDetector(), new DDetector(),
        new CrystalDetector(), new DotNetDetector(), new JavaDetector(), new NodeDetector(),
        new PythonDetector(), new RubyDetector(), new PhpDetector(), new CDetector(),
    ];

    /// <summary>Detects the project in <paramref name="directory"/>.</summary>
    /// <exception cref="DistillException">The directory is missing or no detector claims it.</exception>
    public static ProjectInfo Detect(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DistillException(ErrorCode.InputNotFound, $"project directory '{directory}' does not exist");
        }
        foreach (var detector in All)
        {
            if (detector.TryDetect(full) is { } project)
            {
                return project;
            }
        }
        throw new DistillException(ErrorCode.NoProjectDetected,
            $"'{directory}' holds no project Distill knows (go.mod, Cargo.toml, CMakeLists.txt, Makefile, *.c, build.zig, *.nimble, dub.json, shard.yml, *.csproj, pom.xml, build.gradle, *.java, package.json, *.py, Gemfile, *.rb, composer.json, *.php)");
    }
}
