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
    public void NativeAot_RunsOnItsClosure()
    {
        Tools.Require("clang");
        var publish = InspectArtifacts.Dotnet("dotnet-aot", "System.Console.WriteLine(\"hi\");\n", "RuntimeIdentifier=linux-x64", "PublishAot=true", "InvariantGlobalization=true");
        ClosureEndToEndTests.PackVerifyRun(Path.Combine(publish, "app"), "hi", "auto");
    }
}
