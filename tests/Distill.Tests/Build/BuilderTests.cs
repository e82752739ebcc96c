using Distill.Build;
using Distill.Detect;
using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>
/// Every builder with a fake toolchain (ko's withBuilder style): the commands run are exactly the
/// recipe's, in a copy of the project, and the user's tree is left untouched.
/// </summary>
public sealed class BuilderTests
{
    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public async Task Recipe_RunsExactlyItsSteps_InACopy_LeavingTheSourceUntouched(string example)
    {
        var project = ProjectDetector.Detect(Examples.Path(example));
        var recipe = Builders.For(project.Language).Plan(project, new BuildSettings(), new FakeProcessRunner());
        var runner = new FakeProcessRunner(handler: FakeProcessRunner.Producing(recipe.Outputs));
        var before = Snapshot(project.Directory);
        using var work = new TempDir("distill-build-test");

        var result = await AppBuild.RunAsync(project, recipe, runner, work.Path, log: null, CancellationToken.None);

        var calls = runner.Calls.ToList();
        Assert.Equal(recipe.Steps.Count, calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.Equal(recipe.Steps[i].Args.Skip(1), calls[i].Args);
            Assert.EndsWith("/" + recipe.Steps[i].Program.Split('/')[^1], calls[i].Program, StringComparison.Ordinal);
            Assert.Equal(recipe.Steps[i].Env, calls[i].Env);
            Assert.Equal(result.BuildDirectory, calls[i].WorkingDirectory);
        }
        Assert.StartsWith(work.Path, result.BuildDirectory, StringComparison.Ordinal);
        Assert.All(result.Outputs, o => Assert.True(File.Exists(o) || Directory.Exists(o), o));
        Assert.Equal(before, Snapshot(project.Directory));
        Assert.StartsWith("/", recipe.Entrypoint[0], StringComparison.Ordinal);
        Assert.All(recipe.Outputs, o => Assert.DoesNotContain("..", o.From, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("go", Language.Go, "go", "apt-get install golang-go")]
    [InlineData("c", Language.C, "make", "apt-get install make")]
    [InlineData("zig", Language.Zig, "zig", "Debian 12 has no zig package")]
    [InlineData("java", Language.Java, "javac", "apt-get install openjdk-17-jdk-headless")]
    public async Task MissingToolchain_IsOneLineNamingTheToolAndHowToInstallIt(string example, Language language, string tool, string install)
    {
        var project = ProjectDetector.Detect(Examples.Path(example));
        Assert.Equal(language, project.Language);
        var everythingBut = new FakeProcessRunner(new[] { "musl-gcc", "gcc", "make", "go", "zig", "javac", "jar", "jdeps", "jlink", "sh" }.Where(t => t != tool));
        var recipe = Builders.For(language).Plan(project, new BuildSettings(), everythingBut);
        using var work = new TempDir();
        var e = await Assert.ThrowsAsync<DistillException>(() => AppBuild.RunAsync(project, recipe, everythingBut, work.Path, null, CancellationToken.None));
        Assert.Equal(ErrorCode.ToolchainMissing, e.Code);
        Assert.Contains($"'{tool}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(install, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(everythingBut.Calls);
    }

    [Fact]
    public async Task FailingStep_IsBuildFailed_WithTheToolsLastLines()
    {
        var project = ProjectDetector.Detect(Examples.Path("go"));
        var runner = new FakeProcessRunner(handler: _ => new ProcessResult(2, "", "main.go:3: undefined: fmt.Printx\n"));
        var recipe = new GoBuilder().Plan(project, new BuildSettings(), runner);
        using var work = new TempDir();
        var e = await Assert.ThrowsAsync<DistillException>(() => AppBuild.RunAsync(project, recipe, runner, work.Path, null, CancellationToken.None));
        Assert.Equal(ErrorCode.BuildFailed, e.Code);
        Assert.Contains("exited with 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("undefined: fmt.Printx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepThatProducesNothing_IsBuildFailed_NamingTheMissingOutput()
    {
        var project = ProjectDetector.Detect(Examples.Path("rust"));
        var runner = new FakeProcessRunner();
        var recipe = new RustBuilder().Plan(project, new BuildSettings { Recipe = "crt-static" }, runner);
        using var work = new TempDir();
        var e = await Assert.ThrowsAsync<DistillException>(() => AppBuild.RunAsync(project, recipe, runner, work.Path, null, CancellationToken.None));
        Assert.Contains("target/x86_64-unknown-linux-gnu/release/hello-rust", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Go_StaticRecipe_IsKnowledgeSection5_AndExtraFlagsGoBeforeThePackage()
    {
        var project = ProjectDetector.Detect(Examples.Path("go"));
        var recipe = new GoBuilder().Plan(project, new BuildSettings { ExtraArgs = ["-tags", "netgo"] }, new FakeProcessRunner());
        var step = Assert.Single(recipe.Steps);
        Assert.Equal(["go", "build", "-trimpath", "-ldflags=-s -w -buildid=", "-tags", "netgo", "-o", ".distill/hello-go", "."], step.Args);
        Assert.Equal([new KeyValuePair<string, string>("CGO_ENABLED", "0")], step.Env);
        Assert.Equal(RuntimeKind.None, recipe.Runtime);
        Assert.Equal("golang:1.19-bookworm", recipe.BuildImage);
        Assert.Equal("scratch", recipe.FinalImage);
    }

    [Fact]
    public void RecipeOverride_ChangesTheRecipe_AndUnknownNamesListTheKnownOnes()
    {
        var project = ProjectDetector.Detect(Examples.Path("go"));
        var cgo = new GoBuilder().Plan(project, new BuildSettings { Recipe = "cgo" }, new FakeProcessRunner());
        Assert.Equal("1", cgo.Steps[0].Env.Single().Value);
        Assert.Equal(RuntimeKind.Closure, cgo.Runtime);
        Assert.Contains("--recipe cgo", cgo.Reason, StringComparison.Ordinal);
        var e = Assert.Throws<DistillException>(() => new GoBuilder().Plan(project, new BuildSettings { Recipe = "musl" }, new FakeProcessRunner()));
        Assert.Equal(ErrorCode.Usage, e.Code);
        Assert.Contains("static, cgo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C_UsesMuslWhenInstalled_ElseGlibcStatic_AndCppNeverMusl()
    {
        var c = ProjectDetector.Detect(Examples.Path("c"));
        Assert.Equal(["make", "CC=musl-gcc", "LDFLAGS=-static"], new CBuilder().Plan(c, new BuildSettings(), new FakeProcessRunner()).Steps[0].Args);
        var noMusl = new CBuilder().Plan(c, new BuildSettings(), new FakeProcessRunner(["gcc", "make"]));
        Assert.Equal("glibc-static", noMusl.Name);
        Assert.Equal(["make", "CC=gcc", "LDFLAGS=-static"], noMusl.Steps[0].Args);

        var cpp = ProjectDetector.Detect(Examples.Path("cpp"));
        var cppRecipe = new CBuilder().Plan(cpp, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal("glibc-static", cppRecipe.Name);
        Assert.Contains("-DCMAKE_CXX_COMPILER=g++", cppRecipe.Steps[0].Args);
        Assert.Contains("-DCMAKE_EXE_LINKER_FLAGS=-static", cppRecipe.Steps[0].Args);
        Assert.Equal(ErrorCode.Usage, Assert.Throws<DistillException>(() => new CBuilder().Plan(cpp, new BuildSettings { Recipe = "musl-static" }, new FakeProcessRunner())).Code);
    }

    [Fact]
    public void Zig_BuildZigAndLoneFile_AreMuslStatic()
    {
        var project = ProjectDetector.Detect(Examples.Path("zig"));
        var recipe = new ZigBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal(["zig", "build", "-Doptimize=ReleaseSmall", "-Dtarget=x86_64-linux-musl"], recipe.Steps.Single().Args);
        Assert.Equal("zig-out/bin/hello-zig", recipe.Outputs.Single().From);
        Assert.Equal(["/app/hello-zig"], recipe.Entrypoint);
        Assert.Equal("0.13", project.ToolchainVersion);

        using var lone = new TempDir();
        lone.Write("tool.zig", "pub fn main() void {}\n");
        var loneProject = ProjectDetector.Detect(lone.Path);
        var loneRecipe = new ZigBuilder().Plan(loneProject, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal(["zig", "build-exe", "-O", "ReleaseSmall", "-target", "x86_64-linux-musl", "-femit-bin=.distill/tool", "tool.zig"], loneRecipe.Steps.Single().Args);
    }

    [Fact]
    public void DotNet_AotWhenAllowed_ElseSelfContainedSingleFile()
    {
        var project = ProjectDetector.Detect(Examples.Path("dotnet"));
        var aot = new DotNetBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        Assert.Contains("-p:PublishAot=true", aot.Steps[0].Args);
        Assert.Contains("-p:InvariantGlobalization=true", aot.Steps[0].Args);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", aot.BuildImage);
        var denied = project with { Facts = new Dictionary<string, string> { ["aot"] = "no", ["aotReason"] = "x" } };
        var single = new DotNetBuilder().Plan(denied, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal("self-contained", single.Name);
        Assert.Contains("-p:PublishSingleFile=true", single.Steps[0].Args);
    }

    [Fact]
    public void Java_JarThenJdepsJlink_IntoOptJava()
    {
        var project = ProjectDetector.Detect(Examples.Path("java"));
        var recipe = new JavaBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal("javac", recipe.Steps[0].Program);
        Assert.Equal(["jar", "--create", "--file", ".distill/hello-java.jar", "--date", "1980-01-01T00:00:02Z", "--main-class", "hello.Main", "-C", ".distill/classes", "."], recipe.Steps[1].Args);
        Assert.Contains("jdeps --print-module-deps", recipe.Steps[2].Args[2], StringComparison.Ordinal);
        Assert.Contains("--strip-debug --no-header-files --no-man-pages", recipe.Steps[2].Args[2], StringComparison.Ordinal);
        Assert.Equal(["/opt/java/bin/java", "-jar", "/app/hello-java.jar"], recipe.Entrypoint);
    }

    [Fact]
    public void Java_MavenAndGradle_BuildTheirJar_ThenJlink()
    {
        using var maven = new TempDir();
        maven.Write("pom.xml", "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>svc</artifactId><version>1.2.0</version>" +
            "<properties><maven.compiler.release>17</maven.compiler.release></properties></project>");
        var m = new JavaBuilder().Plan(ProjectDetector.Detect(maven.Path), new BuildSettings { ExtraArgs = ["-Pprod"] }, new FakeProcessRunner());
        Assert.Equal(["mvn", "--batch-mode", "--quiet", "package", "-DskipTests", "-Dproject.build.outputTimestamp=1980-01-01T00:00:02Z", "-Pprod"], m.Steps[0].Args);
        Assert.Equal("target/svc-1.2.0.jar", m.Outputs[0].From);
        Assert.Contains("target/svc-1.2.0.jar", m.Steps[1].Args[2], StringComparison.Ordinal);
        Assert.Equal("maven:3-eclipse-temurin-17", m.BuildImage);

        using var gradle = new TempDir();
        gradle.Write("build.gradle.kts", "java { toolchain { languageVersion.set(JavaLanguageVersion.of(21)) } }\napplication { mainClass.set(\"a.Main\") }\n");
        gradle.Write("settings.gradle.kts", "rootProject.name = \"api\"\n");
        gradle.Write("gradlew", "#!/bin/sh\n", (UnixFileMode)0b111_101_101);
        var project = ProjectDetector.Detect(gradle.Path);
        Assert.Equal("21", project.ToolchainVersion);
        var g = new JavaBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal(["./gradlew", "--no-daemon", "--quiet", "jar"], g.Steps[0].Args);
        Assert.Equal("build/libs/api.jar", g.Outputs[0].From);
        Assert.Equal("gradle:8-jdk21", g.BuildImage);
    }

    [Fact]
    public async Task GradleWrapper_RunsFromTheBuildCopy_NotFromPath()
    {
        using var gradle = new TempDir();
        gradle.Write("build.gradle", "plugins { id 'java' }\n");
        gradle.Write("gradlew", "#!/bin/sh\n", (UnixFileMode)0b111_101_101);
        var project = ProjectDetector.Detect(gradle.Path);
        var recipe = new JavaBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        var runner = new FakeProcessRunner(handler: FakeProcessRunner.Producing(recipe.Outputs));
        using var work = new TempDir();
        var result = await AppBuild.RunAsync(project, recipe, runner, work.Path, null, CancellationToken.None);
        Assert.Equal(Path.Combine(result.BuildDirectory, "gradlew"), runner.Calls.First().Program);
    }

    [Fact]
    public void D_DubProjectWithDependencies_UsesDubAndItsClosure()
    {
        using var dir = new TempDir();
        dir.Write("dub.json", "{\"name\":\"svc\",\"dependencies\":{\"vibe-d\":\"~>0.9\"}}");
        dir.Write("source/app.d", "void main(){}");
        var recipe = new DBuilder().Plan(ProjectDetector.Detect(dir.Path), new BuildSettings(), new FakeProcessRunner());
        Assert.Equal("dynamic", recipe.Name);
        Assert.Equal("dub", recipe.Steps[0].Program);
        Assert.Equal(RuntimeKind.Closure, recipe.Runtime);
    }

    [Fact]
    public void Node_InstallsOnlyWhenThereAreDependencies_WithCiForALockFile()
    {
        using var dir = new TempDir();
        dir.Write("package.json", "{\"name\":\"w\",\"main\":\"./server.js\",\"dependencies\":{\"x\":\"1\"}}");
        dir.Write("package-lock.json", "{}");
        var recipe = new NodeBuilder().Plan(ProjectDetector.Detect(dir.Path), new BuildSettings(), new FakeProcessRunner());
        Assert.Equal(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"], recipe.Steps.Single().Args);
        Assert.Equal(["/nodejs/bin/node", "/app/server.js"], recipe.Entrypoint);
        Assert.Empty(new NodeBuilder().Plan(ProjectDetector.Detect(Examples.Path("node")), new BuildSettings(), new FakeProcessRunner()).Steps);
    }

    [Fact]
    public void SourceCopy_SkipsVcsAndOutputFolders_AndKeepsSymlinksAsLinks()
    {
        using var src = new TempDir();
        src.Write("main.go", "package main");
        src.Write(".git/HEAD", "ref");
        src.Write("target/debug/x", "old");
        src.Write("node_modules/m/index.js", "x");
        File.CreateSymbolicLink(src["link.go"], "main.go");
        using var dst = new TempDir();
        SourceCopy.Copy(src.Path, dst["copy"]);
        Assert.True(File.Exists(dst["copy/main.go"]));
        Assert.False(Directory.Exists(dst["copy/.git"]));
        Assert.False(Directory.Exists(dst["copy/target"]));
        Assert.False(Directory.Exists(dst["copy/node_modules"]));
        Assert.Equal("main.go", new FileInfo(dst["copy/link.go"]).LinkTarget);
    }

    private static List<string> Snapshot(string dir) =>
        Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories)
            .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length + " " + File.GetLastWriteTimeUtc(p).Ticks : "dir")}")
            .Order(StringComparer.Ordinal).ToList();
}
