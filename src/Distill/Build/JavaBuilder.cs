using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>
/// Java: the build tool's jar (Maven, Gradle, or javac + jar), then <c>jdeps</c> + <c>jlink</c> for a
/// minimal runtime holding only the modules the jar uses.
/// </summary>
public sealed class JavaBuilder : IAppBuilder
{
    private const string Jre = Out + "/jre";

    public IReadOnlyList<Language> Languages { get; } = [Language.Java];

    public IReadOnlyList<string> Recipes { get; } = ["jlink"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "jlink", Language.Java);
        var (version, why) = Version(project, "17");
        var (steps, jar, buildTools, image) = project.BuildSystem switch
        {
            "maven" => Maven(project, settings.ExtraArgs, version),
            "gradle" => Gradle(project, settings.ExtraArgs, version),
            _ => Javac(project, settings.ExtraArgs, version),
        };
        // jdeps names the modules; jlink builds a runtime of just those (one shell step: the module list is jdeps' output).
        var jlink = $"jlink --add-modules \"$(jdeps --print-module-deps --ignore-missing-deps --multi-release {version} {jar})\" " +
                    $"--strip-debug --no-header-files --no-man-pages --output {Jre}";
        return new BuildRecipe
        {
            Language = Language.Java,
            Name = name,
            Reason = Why(settings, "a jar needs a JVM: jdeps + jlink make one with only the modules the app uses"),
            Tools = [.. buildTools, Tools.Jdeps, Tools.Jlink, Tools.Sh],
            Steps = [.. steps, Step("sh", "-c", jlink)],
            Outputs = [new RecipeOutput(jar, "/app"), new RecipeOutput(Jre, "/opt/java") { IsDirectory = true }],
            Entrypoint = ["/opt/java/bin/java", "-jar", $"/app/{Path.GetFileName(jar)}"],
            Runtime = RuntimeKind.Java,
            BuildImage = image,
            BuildImageReason = why,
            FinalImage = DistrolessCc,
        };
    }

    // The jar tool stamps each entry with the time it runs; a fixed date (the earliest a jar accepts) makes
    // the jar, and so the image, the same on every build. jar --date exists from JDK 17.
    private const string JarEpoch = "1980-01-01T00:00:02Z";

    private static string[] FixedDate(string version) =>
        int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) && major >= 17
            ? ["--date", JarEpoch]
            : [];

    private static (List<BuildStep>, string, List<RequiredTool>, string) Javac(ProjectInfo p, IReadOnlyList<string> extra, string version)
    {
        var classes = $"{Out}/classes";
        var jar = $"{Out}/{p.Name}.jar";
        var mainClass = p.Fact("mainClass") ?? throw new DistillException(ErrorCode.NoProjectDetected, $"'{p.Directory}' has no class with a main method");
        return (
        [
            new BuildStep(["javac", "--release", version, "-d", classes, .. extra, .. p.Sources]),
            Step(["jar", "--create", "--file", jar, .. FixedDate(version), "--main-class", mainClass, "-C", classes, "."]),
        ], jar, [Tools.Javac, Tools.Jar], $"eclipse-temurin:{version}-jdk");
    }

    private static (List<BuildStep>, string, List<RequiredTool>, string) Maven(ProjectInfo p, IReadOnlyList<string> extra, string version)
    {
        var v = p.Fact("version");
        var jar = v is null ? $"target/{p.Name}.jar" : $"target/{p.Name}-{v}.jar";
        // project.build.outputTimestamp: maven-jar-plugin 3.2+ writes every entry with this date (reproducible jars).
        return ([new BuildStep(["mvn", "--batch-mode", "--quiet", "package", "-DskipTests", $"-Dproject.build.outputTimestamp={JarEpoch}", .. extra])], jar, [Tools.Maven], $"maven:3-eclipse-temurin-{version}");
    }

    private static (List<BuildStep>, string, List<RequiredTool>, string) Gradle(ProjectInfo p, IReadOnlyList<string> extra, string version)
    {
        var wrapper = File.Exists(Path.Combine(p.Directory, "gradlew"));
        return ([new BuildStep([wrapper ? "./gradlew" : "gradle", "--no-daemon", "--quiet", "jar", .. extra])],
            $"build/libs/{p.Name}.jar", wrapper ? [] : [Tools.Gradle], $"gradle:8-jdk{version}");
    }
}
