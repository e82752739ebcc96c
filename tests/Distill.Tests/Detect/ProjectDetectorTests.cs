using Distill.Detect;
using Distill.Tests.Build;
using Distill.Tests.Testing;

namespace Distill.Tests.Detect;

public sealed class ProjectDetectorTests
{
    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void Example_IsDetectedAsItsLanguage(string example)
    {
        var (language, buildSystem, name) = Examples.Expected[example];
        var project = ProjectDetector.Detect(Examples.Path(example));
        Assert.Equal(language, project.Language);
        Assert.Equal(buildSystem, project.BuildSystem);
        Assert.Equal(name, project.Name);
        Assert.False(string.IsNullOrWhiteSpace(project.Reason));
    }

    [Theory]
    [InlineData("go.mod", "module example.com/x/svc\n\ngo 1.22.3\n", Language.Go, "svc", "1.22")]
    [InlineData("Cargo.toml", "[package]\nname = \"tool\"\nrust-version = \"1.75\"\n", Language.Rust, "tool", "1.75")]
    [InlineData("package.json", "{\"name\":\"@acme/web\",\"engines\":{\"node\":\">=18.2\"}}", Language.Node, "web", "18")]
    [InlineData("pyproject.toml", "[project]\nname = \"svc\"\nrequires-python = \">=3.12\"\n", Language.Python, "svc", "3.12")]
    [InlineData("app.csproj", "<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>", Language.DotNet, "app", "8.0")]
    [InlineData("pom.xml", "<project><artifactId>svc</artifactId><version>1.0</version><properties><maven.compiler.release>21</maven.compiler.release></properties></project>", Language.Java, "svc", "21")]
    [InlineData("composer.json", "{\"require\":{\"php\":\"^8.3\"}}", Language.Php, null, "8.3")]
    [InlineData("Gemfile", "source 'x'\nruby '3.2.2'\n", Language.Ruby, null, "3.2")]
    [InlineData("build.zig", "const exe = b.addExecutable(.{ .name = \"zz\", .root_source_file = b.path(\"src/main.zig\") });", Language.Zig, "zz", null)]
    [InlineData("shard.yml", "name: web\ntargets:\n  server:\n    main: src/server.cr\ncrystal: \">= 1.9.2\"\n", Language.Crystal, "server", "1.9")]
    public void Manifest_GivesLanguageNameAndRequestedVersion(string file, string content, Language language, string? name, string? version)
    {
        using var dir = new TempDir();
        dir.Write(file, content);
        var entry = language switch { Language.Python => "main.py", Language.Ruby => "main.rb", Language.Php => "index.php", _ => null };
        if (entry is not null)
        {
            dir.Write(entry, "\n");
        }
        var project = ProjectDetector.Detect(dir.Path);
        Assert.Equal(language, project.Language);
        if (name is not null)
        {
            Assert.Equal(name, project.Name);
        }
        Assert.Equal(version, project.ToolchainVersion);
        Assert.Equal(version is null, project.ToolchainVersionSource is null);
    }

    [Fact]
    public void VersionFiles_WinOverManifestRanges()
    {
        using var dir = new TempDir();
        dir.Write("package.json", "{\"engines\":{\"node\":\">=18\"}}");
        dir.Write(".nvmrc", "v22.1.0\n");
        Assert.Equal("22", ProjectDetector.Detect(dir.Path).ToolchainVersion);
        Assert.Equal(".nvmrc", ProjectDetector.Detect(dir.Path).ToolchainVersionSource);

        using var rust = new TempDir();
        rust.Write("Cargo.toml", "[package]\nname = \"r\"\nrust-version = \"1.70\"\n");
        rust.Write("rust-toolchain.toml", "[toolchain]\nchannel = \"1.81.0\"\n");
        Assert.Equal("1.81", ProjectDetector.Detect(rust.Path).ToolchainVersion);
    }

    [Fact]
    public void GoProjectWithMakefile_IsGo_NotC()
    {
        using var dir = new TempDir();
        dir.Write("go.mod", "module m\n\ngo 1.21\n");
        dir.Write("Makefile", "all:\n\tgo build\n");
        Assert.Equal(Language.Go, ProjectDetector.Detect(dir.Path).Language);
    }

    [Fact]
    public void PlainSources_AreListedSorted_AndCppWinsOverC()
    {
        using var dir = new TempDir();
        dir.Write("src/b.c", "");
        dir.Write("src/a.cpp", "");
        dir.Write("main.c", "");
        dir.Write("build/generated.c", "");
        var project = ProjectDetector.Detect(dir.Path);
        Assert.Equal(Language.Cpp, project.Language);
        Assert.Equal("sources", project.BuildSystem);
        Assert.Equal(["src/a.cpp", "main.c", "src/b.c"], project.Sources);
    }

    [Fact]
    public void JavaSources_FindTheMainClassWithItsPackage()
    {
        using var dir = new TempDir();
        dir.Write("src/a/Util.java", "package a; class Util {}");
        dir.Write("src/a/App.java", "package a;\npublic class App { public static void main(String[] args) {} }");
        var project = ProjectDetector.Detect(dir.Path);
        Assert.Equal("javac", project.BuildSystem);
        Assert.Equal("a.App", project.Fact("mainClass"));
        Assert.Equal(["src/a/App.java", "src/a/Util.java"], project.Sources);
    }

    [Fact]
    public void DotNet_PublishAotFalse_IsRespected()
    {
        using var dir = new TempDir();
        dir.Write("svc.csproj", "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework><PublishAot>false</PublishAot></PropertyGroup></Project>");
        Assert.Equal("no", ProjectDetector.Detect(dir.Path).Fact("aot"));
    }

    [Fact]
    public void TwoDotNetProjects_IsAnErrorNamingBoth()
    {
        using var dir = new TempDir();
        dir.Write("a.csproj", "<Project/>");
        dir.Write("b.fsproj", "<Project/>");
        var e = Assert.Throws<DistillException>(() => ProjectDetector.Detect(dir.Path));
        Assert.Equal(ErrorCode.NoProjectDetected, e.Code);
        Assert.Contains("a.csproj", e.Message, StringComparison.Ordinal);
        Assert.Contains("b.fsproj", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyDirectory_IsNoProject_AndMissingDirectoryIsNotFound()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "hi");
        Assert.Equal(ErrorCode.NoProjectDetected, Assert.Throws<DistillException>(() => ProjectDetector.Detect(dir.Path)).Code);
        Assert.Equal(ErrorCode.InputNotFound, Assert.Throws<DistillException>(() => ProjectDetector.Detect(dir["missing"])).Code);
    }

    [Fact]
    public void MalformedPackageJson_IsAnErrorNamingTheFile()
    {
        using var dir = new TempDir();
        dir.Write("package.json", "{ not json");
        var e = Assert.Throws<DistillException>(() => ProjectDetector.Detect(dir.Path));
        Assert.Contains("package.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_WritesNothing()
    {
        using var dir = new TempDir();
        dir.Write("go.mod", "module m\n\ngo 1.21\n");
        var before = Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories);
        ProjectDetector.Detect(dir.Path);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories));
    }
}
