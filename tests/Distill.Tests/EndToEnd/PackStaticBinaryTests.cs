using Distill.Tests.Testing;

namespace Distill.Tests.EndToEnd;

/// <summary>
/// Issue 2's proof: static C (musl) and Go binaries compiled here, packed onto scratch and static,
/// accepted by skopeo in every transport, unpacked by umoci and run by runc.
/// </summary>
public sealed class PackStaticBinaryTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "c", "scratch" }, { "c", "static" }, { "go", "scratch" }, { "go", "static" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StaticBinary_PackedAndRunUnderRunc_EssentialsDecideTheFeatures(string language, string baseName)
    {
        var binary = language == "c" ? Artifacts.MuslStaticHello : Artifacts.GoStaticHello;
        var skopeo = Tools.Require("skopeo");
        using var dir = new TempDir();
        var layout = dir["layout"];
        Run.Distill(["pack", binary, "--base", baseName,
            "-o", $"oci:{layout}:v1",
            "-o", $"oci-archive:{dir["image.tar"]}:v1",
            "-o", $"docker-archive:{dir["docker.tar"]}:hello:v1"]).AssertSuccess("distill pack");

        // skopeo accepts all three outputs, and the OCI ones carry the same manifest digest.
        var fromLayout = Run.Process(skopeo, ["inspect", "--raw", $"oci:{layout}:v1"]).AssertSuccess("skopeo inspect oci:").Stdout;
        var fromArchive = Run.Process(skopeo, ["inspect", "--raw", $"oci-archive:{dir["image.tar"]}:v1"]).AssertSuccess("skopeo inspect oci-archive:").Stdout;
        Assert.Equal(fromLayout, fromArchive);
        var docker = Run.Process(skopeo, ["inspect", $"docker-archive:{dir["docker.tar"]}"]).AssertSuccess("skopeo inspect docker-archive:").Stdout;
        Assert.Contains("\"Architecture\": \"amd64\"", docker, StringComparison.Ordinal);

        var hello = Runc.RunImage($"{layout}:v1");
        Assert.Equal(0, hello.ExitCode);
        Assert.Contains("Hello from Distill", hello.Stdout, StringComparison.Ordinal);

        var features = Runc.RunImage($"{layout}:v1", "features");
        if (baseName == "static")
        {
            Assert.True(features.ExitCode == 0, features.Output);
            Assert.Contains("all features ok", features.Stdout, StringComparison.Ordinal);
        }
        else
        {
            // On scratch there is no hosts file, CA bundle or zoneinfo: the essentials matter.
            Assert.NotEqual(0, features.ExitCode);
            Assert.Contains("FAILED", features.Stdout, StringComparison.Ordinal);
        }
    }
}
