using Distill.Tests.Inspect;
using Distill.Tests.Testing;

namespace Distill.Tests.Base;

/// <summary>
/// KNOWLEDGE.md §2: self-contained .NET is not scratch-ready (glibc, libstdc++, and ICU through dlopen
/// unless invariant); NativeAOT needs only glibc. pack --base auto ships exactly that, and runc runs it.
/// </summary>
public sealed class DotnetClosureTests
{
    private const string CultureAndTimeZone =
        "var fr = new System.Globalization.CultureInfo(\"fr-FR\");\n" +
        "var paris = System.TimeZoneInfo.FindSystemTimeZoneById(\"Europe/Paris\");\n" +
        "System.Console.WriteLine($\"hello from .NET: {fr.DateTimeFormat.GetMonthName(1)}, Paris +{paris.BaseUtcOffset.TotalHours}h\");\n";

    [Fact]
    public void SelfContained_WithIcu_RunsOnItsClosure()
    {
        var publish = InspectArtifacts.Dotnet("dotnet-sc-icu", CultureAndTimeZone, "RuntimeIdentifier=linux-x64", "SelfContained=true");
        using var dir = new TempDir();
        var pack = Run.Distill(["pack", publish, "--json", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        Assert.Contains("\"base\":\"closure\"", pack.Stdout, StringComparison.Ordinal);
        Assert.Contains("libicuuc.so", pack.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]).ExitCode);
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hello from .NET: janvier, Paris +1h", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelfContained_WithIcuDeleted_FailsVerify_AndReallyStopsAtStart()
    {
        var publish = InspectArtifacts.Dotnet("dotnet-sc-icu", CultureAndTimeZone, "RuntimeIdentifier=linux-x64", "SelfContained=true");
        using var dir = new TempDir();
        Run.Distill(["pack", publish, "-o", $"oci:{dir["layout"]}:good"]).AssertSuccess("pack");
        var good = Run.Distill(["verify", $"oci:{dir["layout"]}:good"]);
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("loads with dlopen) resolve inside the image", good.Stdout, StringComparison.Ordinal);

        // Another layer deletes every ICU library, as a careless "slimming" step would.
        var icu = Directory.GetFileSystemEntries("/usr/lib/x86_64-linux-gnu", "libicu*.so.*").Select(f => "usr/lib/x86_64-linux-gnu/" + Path.GetFileName(f)).ToList();
        Assert.NotEmpty(icu);
        await LayoutEdits.AppendLayerAsync(dir["layout"], "good", "no-icu", LayoutEdits.Whiteouts(icu), dir["cache"]);

        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:no-icu"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("libicuuc.so.* is missing", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("stops at start without ICU", verify.Stdout, StringComparison.Ordinal);
        // The claim holds: the runtime really refuses to start.
        var run = Runc.RunImage($"{dir["layout"]}:no-icu");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ICU", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hello from .NET", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfContained_WithTheInvariantVariable_LeavesIcuOut_VerifiesAndRuns()
    {
        var publish = InspectArtifacts.Dotnet("dotnet-sc-plain", "System.Console.WriteLine($\"hello from .NET, culture '{System.Globalization.CultureInfo.CurrentCulture.Name}'\");\n",
            "RuntimeIdentifier=linux-x64", "SelfContained=true");
        using var dir = new TempDir();
        var pack = Run.Distill(["pack", publish, "-e", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "--json", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("pack");
        using (var json = System.Text.Json.JsonDocument.Parse(pack.Stdout))
        {
            var closure = json.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("holds").GetString()!).Single(h => h.StartsWith("library closure", StringComparison.Ordinal));
            Assert.DoesNotContain("libicu", closure, StringComparison.Ordinal);
            Assert.Contains("libstdc++", closure, StringComparison.Ordinal);
        }
        Assert.Contains("ICU left out", pack.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("libicu", pack.Stdout, StringComparison.Ordinal); // nor in the base's reason or the warnings
        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:v1"]);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("need not be: DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", verify.Stdout, StringComparison.Ordinal);
        var run = Runc.RunImage($"{dir["layout"]}:v1");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hello from .NET, culture ''", run.Stdout, StringComparison.Ordinal);

        // The control: without the variable the same app's closure carries ICU.
        var control = Run.Distill(["pack", publish, "--json", "-o", $"oci:{dir["layout"]}:with-icu"]).AssertSuccess("pack without the variable");
        using var withIcu = System.Text.Json.JsonDocument.Parse(control.Stdout);
        Assert.Contains(withIcu.RootElement.GetProperty("layers").EnumerateArray(), l => l.GetProperty("holds").GetString()!.Contains("libicuuc.so", StringComparison.Ordinal));
    }

    [Fact]
    public void NativeAot_RunsOnItsClosure()
    {
        Tools.Require("clang");
        var publish = InspectArtifacts.Dotnet("dotnet-aot", "System.Console.WriteLine(\"hi\");\n", "RuntimeIdentifier=linux-x64", "PublishAot=true", "InvariantGlobalization=true");
        ClosureEndToEndTests.PackVerifyRun(Path.Combine(publish, "app"), "hi", "auto");
    }
}
