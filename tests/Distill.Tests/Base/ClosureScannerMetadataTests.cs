using Distill.Tests.Testing;

namespace Distill.Tests.Base;

/// <summary>Issue 4 item 2: the closure's status.d entries are what dpkg (and so Trivy, Grype, Syft) reads as installed packages.</summary>
public sealed class ClosureScannerMetadataTests
{
    [Fact]
    public void DpkgQuery_OverTheClosuresStatusD_ListsItsPackagesAsInstalled()
    {
        var dpkgQuery = Tools.Require("dpkg-query");
        using var dir = new TempDir();
        var binary = Artifacts.CompileC("gpp-dynamic", "g++", "#include <iostream>\nint main(){std::cout<<\"hi\"<<std::endl;return 0;}\n", "-O2");
        Run.Distill(["pack", binary, "--base", "closure", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        Run.Process(Tools.Require("umoci"), ["unpack", "--rootless", "--image", $"{dir["layout"]}:v1", dir["bundle"]]).AssertSuccess("umoci unpack");
        var statusD = Path.Combine(dir["bundle"], "rootfs", "var", "lib", "dpkg", "status.d");
        var admin = dir["admin"];
        Directory.CreateDirectory(Path.Combine(admin, "updates"));
        File.WriteAllText(Path.Combine(admin, "status"), string.Concat(Directory.GetFiles(statusD)
            .Where(f => !f.EndsWith(".md5sums", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText)));
        File.WriteAllText(Path.Combine(admin, "available"), "");
        var listed = Run.Process(dpkgQuery, ["--admindir", admin, "-W", "-f", "${Package} ${db:Status-Abbrev}\n"]).AssertSuccess("dpkg-query").Stdout;
        foreach (var package in new[] { "libc6", "libgcc-s1", "libstdc++6" })
        {
            Assert.Contains($"{package} ii", listed, StringComparison.Ordinal);
        }
        var libc6 = File.ReadAllText(Path.Combine(statusD, "libc6"));
        Assert.DoesNotContain("Conffiles:", libc6, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(statusD, "libc6.md5sums")));
    }
}
