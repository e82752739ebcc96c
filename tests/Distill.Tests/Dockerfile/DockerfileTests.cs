using Distill.Build;
using Distill.Detect;
using Distill.Dockerfile;
using Distill.Tests.Build;
using Distill.Tests.Testing;

namespace Distill.Tests.Dockerfile;

public sealed class DockerfileTests
{
    /// <summary>Golden files are planned with every tool "installed" (musl-gcc present) and Rust pinned to crt-static, so they do not depend on the host.</summary>
    private static string Generate(string example)
    {
        var project = ProjectDetector.Detect(Examples.Path(example));
        var settings = new BuildSettings { Recipe = project.Language == Language.Rust ? "crt-static" : null };
        var recipe = Builders.For(project.Language).Plan(project, settings, new FakeProcessRunner());
        return DockerfileWriter.Write(DockerfilePlan.From(project with { Reason = project.Reason.Replace(Repo.Root, "", StringComparison.Ordinal) }, recipe));
    }

    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void Dockerfile_MatchesItsGoldenFile(string example)
    {
        var text = Generate(example);
        var golden = Repo.Path($"tests/fixtures/dockerfiles/hello-{example}.Dockerfile");
        if (Environment.GetEnvironmentVariable("DISTILL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, text);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run the tests with DISTILL_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(golden), text);
        Assert.Equal(text, Generate(example));
    }

    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void EveryTemplate_PassesOurChecks(string example)
    {
        var text = Generate(example);
        Assert.Empty(DockerfileLinter.Lint(text));
        var parsed = ParsedDockerfile.Parse(text);
        Assert.Equal("65532", parsed.User);
        Assert.StartsWith("/", parsed.Entrypoint[0], StringComparison.Ordinal);
        Assert.All(parsed.FinalCopies.Where(c => c.To.StartsWith("/app", StringComparison.Ordinal)),
            c => Assert.Contains($"--chown=65532:65532 {c.From}", text, StringComparison.Ordinal));
        if (parsed.FinalFrom == "scratch")
        {
            Assert.Contains(parsed.FinalCopies, c => c.To == "/etc/ssl/certs/ca-certificates.crt" && c.Stage == "data");
            Assert.Contains(parsed.FinalCopies, c => c.To == "/usr/share/zoneinfo" && c.Stage == "data");
        }
    }

    /// <summary>One source of truth: the RUN lines of `distill dockerfile` (the CLI, this host's tools) are the steps `distill build` runs.</summary>
    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void DockerfileBuildCommands_EqualTheBuildersRecipe(string example)
    {
        var (_, recipe) = BuildPipeline.Plan(Examples.Path(example), new BuildSettings(), new ProcessRunner());
        var cli = Run.Distill(["dockerfile", Examples.Path(example)]).AssertSuccess("distill dockerfile");
        var parsed = ParsedDockerfile.Parse(cli.Stdout);

        var runs = parsed.BuildRuns.Where(r => !(r.Args is ["mkdir", ..])).ToList();
        Assert.Equal(recipe.Steps.Count, runs.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            Assert.Equal(recipe.Steps[i].Args, runs[i].Args);
            var declared = recipe.Steps.Take(i + 1).SelectMany(s => s.Env).Select(e => e.Key).ToHashSet();
            Assert.All(recipe.Steps[i].Env, e => Assert.Equal(e.Value, runs[i].Env[e.Key]));
            Assert.All(runs[i].Env.Keys, k => Assert.Contains(k, declared));
        }
        Assert.Equal(recipe.Entrypoint, parsed.Entrypoint);
        Assert.Equal(recipe.FinalImage, parsed.FinalFrom);
        Assert.Equal(recipe.Outputs.Select(o => o.IsDirectory ? o.ImageDirectory + "/" : o.ImagePath), parsed.FinalCopies.Where(c => c.Stage == "build").Select(c => c.To));
    }

    [Fact]
    public void Write_RefusesToOverwriteWithoutForce_AndWritesDockerignore()
    {
        using var dir = new TempDir();
        SourceCopy.Copy(Examples.Path("go"), dir["app"]);
        Run.Distill(["dockerfile", dir["app"], "--write"]).AssertSuccess("distill dockerfile --write");
        Assert.Contains("FROM scratch", File.ReadAllText(dir["app/Dockerfile"]), StringComparison.Ordinal);
        Assert.Contains("**/.distill", File.ReadAllText(dir["app/.dockerignore"]), StringComparison.Ordinal);

        var again = Run.Distill(["dockerfile", dir["app"], "--write"]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        File.WriteAllText(dir["app/Dockerfile"], "edited");
        Run.Distill(["dockerfile", dir["app"], "--write", "--force"]).AssertSuccess("distill dockerfile --write --force");
        Assert.Contains("FROM scratch", File.ReadAllText(dir["app/Dockerfile"]), StringComparison.Ordinal);
    }

    [Fact]
    public void VersionAskedByTheProject_PinsTheBuildImage()
    {
        using var dir = new TempDir();
        dir.Write("package.json", "{\"name\":\"w\"}");
        dir.Write(".nvmrc", "22\n");
        dir.Write("index.js", "");
        var project = ProjectDetector.Detect(dir.Path);
        var text = DockerfileWriter.Write(DockerfilePlan.From(project, new NodeBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner())));
        Assert.Contains("FROM node:22-bookworm-slim AS build", text, StringComparison.Ordinal);
        Assert.Contains("FROM gcr.io/distroless/nodejs22-debian12:nonroot", text, StringComparison.Ordinal);
        Assert.Contains("# .nvmrc asks for 22", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DependencySteps_RunBeforeTheSourcesAreCopied()
    {
        using var dir = new TempDir();
        dir.Write("package.json", "{\"name\":\"w\",\"dependencies\":{\"x\":\"1\"}}");
        dir.Write("package-lock.json", "{}");
        dir.Write("index.js", "");
        var project = ProjectDetector.Detect(dir.Path);
        var text = DockerfileWriter.Write(DockerfilePlan.From(project, new NodeBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner())));
        var manifests = text.IndexOf("COPY package.json package-lock.json ./\n", StringComparison.Ordinal);
        var install = text.IndexOf("RUN [\"npm\", \"ci\"", StringComparison.Ordinal);
        var sources = text.IndexOf("COPY . .\n", StringComparison.Ordinal);
        Assert.True(manifests >= 0 && manifests < install && install < sources, text);
        Assert.Empty(DockerfileLinter.Lint(text));
    }
}
