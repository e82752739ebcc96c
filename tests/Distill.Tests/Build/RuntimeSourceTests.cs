using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>Issue 7 item 5: distill build can take a runtime from the Debian tiers instead of the host (--runtime-source debian).</summary>
public sealed class RuntimeSourceTests
{
    [Fact]
    public void Python_OnThePython3Tier_RunsUnderRunc()
    {
        Tools.Require("python3");
        using var dir = new TempDir();
        var build = Run.Distill(["build", Repo.Path("examples/hello-python"), "--runtime-source", "debian", "-o", $"oci:{dir["layout"]}:v1"]);
        build.AssertSuccess("distill build --runtime-source debian");
        Assert.Contains("the python3 tier from Debian packages", build.Stdout + build.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).ExitCode);
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello from Distill (Python)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSource_AndATierlessRuntime_AreClearErrors()
    {
        using var dir = new TempDir();
        var unknown = Run.Distill(["build", Repo.Path("examples/hello-python"), "--runtime-source", "conda", "-o", $"oci:{dir["a"]}"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--runtime-source 'conda' is not host or debian", unknown.Stderr, StringComparison.Ordinal);
        Tools.Require("ruby");
        var ruby = Run.Distill(["build", Repo.Path("examples/hello-ruby"), "--runtime-source", "debian", "-o", $"oci:{dir["b"]}"]);
        Assert.Equal(2, ruby.ExitCode);
        Assert.Contains("no Debian tier carries the Ruby runtime", ruby.Stderr, StringComparison.Ordinal);
    }
}
