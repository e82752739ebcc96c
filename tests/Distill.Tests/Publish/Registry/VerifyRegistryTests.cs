using Distill.Tests.Testing;

namespace Distill.Tests.Publish.Registry;

/// <summary>distill verify reads any transport, a registry included (issue 4 item 4).</summary>
public sealed class VerifyRegistryTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    [Fact]
    public void Verify_OnAnImageInTheRegistry_PassesForAClosureImage_AndFailsForScratch()
    {
        using var dir = new TempDir();
        var binary = Artifacts.CompileC("gcc-dynamic", "gcc", Base.ClosureEndToEndTests.HelloC, "-O2");
        Run.Distill(["pack", binary, "--base", "closure", "-o", $"docker://{fixture.Server.Host}/verify/good:v1"], cache: dir["cache"]).AssertSuccess("push closure image");
        Run.Distill(["pack", binary, "--base", "scratch", "-o", $"docker://{fixture.Server.Host}/verify/bad:v1"], cache: dir["cache"]).AssertSuccess("push scratch image");
        var good = Run.Distill(["verify", $"docker://{fixture.Server.Host}/verify/good:v1"], cache: dir["cache"]);
        Assert.True(good.ExitCode == 0, good.Output);
        var bad = Run.Distill(["verify", $"docker://{fixture.Server.Host}/verify/bad:v1"], cache: dir["cache"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("libc.so.6 is missing", bad.Stdout, StringComparison.Ordinal);
    }
}
