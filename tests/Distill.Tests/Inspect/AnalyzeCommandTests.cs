using System.Text.Json;
using Distill.Tests.Testing;

namespace Distill.Tests.Inspect;

/// <summary><c>distill analyze</c> as a process: output shapes, fixed JSON fields, exit codes 0/1/2.</summary>
public sealed class AnalyzeCommandTests
{
    private static readonly string[] Fields = ["path", "format", "kind", "entrypoint", "linkage", "interpreter", "needed", "dlopen", "platform", "runtime", "dataFiles", "base", "reason", "warnings", "details"];

    [Fact]
    public void Json_has_the_fixed_fields_in_order_and_is_deterministic()
    {
        var path = InspectArtifacts.C("gcc-dynamic", "gcc", InspectArtifacts.HelloC);
        var first = Run.Distill(["analyze", "--json", path]).AssertSuccess("analyze");
        var second = Run.Distill(["analyze", path, "--json"]).AssertSuccess("analyze");

        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Empty(first.Stderr);
        using var doc = JsonDocument.Parse(first.Stdout);
        var root = doc.RootElement;
        Assert.Equal(Fields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("elf", root.GetProperty("format").GetString());
        Assert.Equal("dynamic", root.GetProperty("linkage").GetString());
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", root.GetProperty("interpreter").GetString());
        Assert.Equal(["libc.so.6"], root.GetProperty("needed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("amd64", root.GetProperty("platform").GetProperty("architecture").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("runtime").ValueKind);
        Assert.Equal("base-nossl", root.GetProperty("base").GetString());
        Assert.Contains("libc.so.6", root.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_is_analysed_as_its_target_and_a_dangling_one_is_one_line()
    {
        var path = InspectArtifacts.C("gcc-dynamic", "gcc", InspectArtifacts.HelloC);
        using var dir = new TempDir();
        // Like /usr/bin/python3 -> python3.11: the link's own size must not be taken for the file's.
        File.CreateSymbolicLink(dir["link"], path);
        var viaLink = Run.Distill(["analyze", "--json", dir["link"]]).AssertSuccess("analyze the link");
        var direct = Run.Distill(["analyze", "--json", path]).AssertSuccess("analyze the file");
        using (var a = JsonDocument.Parse(viaLink.Stdout))
        using (var b = JsonDocument.Parse(direct.Stdout))
        {
            Assert.Equal(b.RootElement.GetProperty("needed").GetRawText(), a.RootElement.GetProperty("needed").GetRawText());
            Assert.Equal("base-nossl", a.RootElement.GetProperty("base").GetString());
        }
        File.CreateSymbolicLink(dir["dangling"], dir["nowhere"]);
        var dangling = Run.Distill(["analyze", dir["dangling"]]);
        Assert.Equal(1, dangling.ExitCode);
        Assert.Equal($"distill: error DST002: {dir["dangling"]} is a symlink to {dir["nowhere"]}, which does not exist", dangling.Stderr.Trim());
    }

    [Fact]
    public void Text_report_names_the_base_and_why()
    {
        var path = InspectArtifacts.Jar("hello17", 17);
        var outcome = Run.Distill(["analyze", path]).AssertSuccess("analyze");
        Assert.Contains("java17", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("why", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Java 17 jar", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unanalysable_inputs_exit_1_with_one_line_each_and_json_still_says_unknown()
    {
        using var dir = new TempDir();
        var gz = dir.Write("app", "x");
        File.WriteAllBytes(gz, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var elf = InspectArtifacts.C("gcc-static", "gcc", InspectArtifacts.HelloC, "-static");
        var truncated = dir["truncated"];
        File.WriteAllBytes(truncated, File.ReadAllBytes(elf)[..200]);

        var outcome = Run.Distill(["analyze", "--json", gz, truncated, elf]);

        Assert.Equal(1, outcome.ExitCode);
        var errors = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("distill: error DST021: ", errors[0], StringComparison.Ordinal);
        Assert.Contains("gzip data", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("distill: error DST020: ", errors[1], StringComparison.Ordinal);
        Assert.Contains("malformed ELF", errors[1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Output, StringComparison.Ordinal);
        var objects = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["unknown", "elf"], objects.Select(o => o.GetProperty("format").GetString()));
        Assert.Equal("scratch", objects[1].GetProperty("base").GetString());
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, Run.Distill(["analyze"]).ExitCode);
        Assert.Equal(2, Run.Distill(["analyze", "--platform", "linux", "/bin/true"]).ExitCode);
    }
}
