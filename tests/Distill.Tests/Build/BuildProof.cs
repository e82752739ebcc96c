using System.Text.Json.Nodes;
using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>The end-to-end proof of a build: the recipe and base chosen, verify passes, runc prints the expected line.</summary>
internal static class BuildProof
{
    public static void BuildVerifyRun(string project, TempDir dir, string recipe, string baseName, string expected)
    {
        var build = Run.Distill(["build", project, "--json", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("distill build");
        var json = JsonNode.Parse(build.Stdout)!;
        Assert.Equal(recipe, (string?)json["recipe"]!["name"]);
        Assert.Equal(baseName, (string?)json["image"]!["base"]);
        Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).AssertSuccess("verify");
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }
}
