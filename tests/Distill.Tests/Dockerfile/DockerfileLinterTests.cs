using Distill.Dockerfile;

namespace Distill.Tests.Dockerfile;

public sealed class DockerfileLinterTests
{
    private const string Good = """
        FROM golang:1.22-bookworm AS build
        RUN apt-get update && apt-get install -y musl-tools
        RUN ["go", "build", "-o", "/out/app", "."]
        FROM scratch
        COPY --from=build /out/app /app/app
        USER 65532
        ENTRYPOINT ["/app/app"]
        """;

    [Fact]
    public void MinimalMultiStage_HasNoFindings() => Assert.Empty(DockerfileLinter.Lint(Good));

    [Theory]
    [InlineData("ENTRYPOINT [\"/app/app\"]", "ENTRYPOINT /app/app", DockerfileLinter.ExecForm, 7)]
    [InlineData("ENTRYPOINT [\"/app/app\"]", "ENTRYPOINT [\"/app/app\"]\nCMD --verbose", DockerfileLinter.ExecForm, 8)]
    [InlineData("USER 65532", "USER nonroot", DockerfileLinter.NumericUser, 6)]
    [InlineData("USER 65532", "USER 0:0", DockerfileLinter.NumericUser, 6)]
    [InlineData("USER 65532\n", "", DockerfileLinter.NumericUser, 6)]
    [InlineData("FROM golang:1.22-bookworm AS build", "FROM golang AS build", DockerfileLinter.PinnedTag, 1)]
    [InlineData("FROM scratch", "FROM debian:latest", DockerfileLinter.PinnedTag, 4)]
    [InlineData("COPY --from=build /out/app /app/app", "ADD https://example.invalid/app /app/app", DockerfileLinter.AddUrl, 5)]
    [InlineData("COPY --from=build /out/app /app/app", "COPY --from=build /out/app /app/app\nRUN apt-get install -y curl", DockerfileLinter.FinalPackageManager, 6)]
    [InlineData("COPY --from=build /out/app /app/app", "COPY --from=build /out/app /app/app\nRUN [\"/sbin/apk\", \"add\", \"curl\"]", DockerfileLinter.FinalPackageManager, 6)]
    public void EachRule_FindsItsProblem_OnTheRightLine(string replace, string with, string rule, int line)
    {
        var findings = DockerfileLinter.Lint(Good.Replace(replace, with, StringComparison.Ordinal));
        var finding = Assert.Single(findings);
        Assert.Equal(rule, finding.Rule);
        Assert.Equal(line, finding.Line);
    }

    [Fact]
    public void StageNames_DigestsAndContinuations_AreUnderstood()
    {
        var text = """
            FROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS base
            FROM base AS build
            RUN echo one \
                two
            FROM registry.example.invalid:5000/team/app:1.2
            USER 1000:1000
            ENTRYPOINT ["/app"]
            """;
        Assert.Empty(DockerfileLinter.Lint(text));
        Assert.Equal(DockerfileLinter.PinnedTag, Assert.Single(DockerfileLinter.Lint(text.Replace("app:1.2", "app", StringComparison.Ordinal))).Rule);
    }
}
