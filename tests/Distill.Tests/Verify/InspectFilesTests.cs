using System.Text.Json;
using Distill.Tests.Testing;

namespace Distill.Tests.Verify;

/// <summary>distill inspect --files: the flattened file list, and what each ELF needs (DESIGN.md's inspect).</summary>
public sealed class InspectFilesTests
{
    [Fact]
    public void Files_ListTheFlattenedImage_WithEachElfsNeeds()
    {
        using var dir = new TempDir();
        var binary = Artifacts.CompileC("gcc-dynamic", "gcc", Base.ClosureEndToEndTests.HelloC, "-O2");
        Run.Distill(["pack", binary, "--base", "closure", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        var outcome = Run.Distill(["inspect", $"oci:{dir["layout"]}:v1", "--files", "--json"]).AssertSuccess("inspect --files");
        var files = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.TryGetProperty("files", out _)).GetProperty("files").EnumerateArray().ToList();
        var app = files.Single(f => f.GetProperty("path").GetString() == "/app/" + Path.GetFileName(binary));
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", app.GetProperty("elf").GetProperty("interpreter").GetString());
        Assert.Contains("libc.so.6", app.GetProperty("elf").GetProperty("needed").EnumerateArray().Select(n => n.GetString()));
        var tmp = files.Single(f => f.GetProperty("path").GetString() == "/tmp");
        Assert.Equal("directory", tmp.GetProperty("type").GetString());
        Assert.Equal("1777", tmp.GetProperty("mode").GetString());
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "/var/lib/dpkg/status.d/libc6");
    }
}
