using Distill.Layers;
using Distill.Tests.Testing;

namespace Distill.Tests.Base;

/// <summary>verify flattens layers like a runtime: a whiteout in a later layer really removes a library.</summary>
public sealed class VerifyWhiteoutTests
{
    private const string HelloCpp = "#include <iostream>\nint main(){std::cout<<\"hi\"<<std::endl;return 0;}\n";

    [Fact]
    public async Task LibraryDeletedByAWhiteout_FailsVerify_NamingIt()
    {
        using var dir = new TempDir();
        var binary = Artifacts.CompileC("gpp-dynamic-small", "g++", HelloCpp, "-O2");
        Run.Distill(["pack", binary, "--base", "closure", "-o", $"oci:{dir["layout"]}:good"]).AssertSuccess("pack");
        Assert.Equal(0, Run.Distill(["verify", $"oci:{dir["layout"]}:good"]).ExitCode);

        var libstdcxx = new FileInfo("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").ResolveLinkTarget(returnFinalTarget: true)!.Name;
        await LayoutEdits.AppendLayerAsync(dir["layout"], "good", "broken", LayoutEdits.Whiteouts([$"usr/lib/x86_64-linux-gnu/{libstdcxx}"]), dir["cache"]);

        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:broken"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("libstdc++.so.6 is missing", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpaqueDirectory_HidesLowerFiles_ButNotItsOwnLayers()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", Artifacts.MuslStaticHello, "-o", $"oci:{dir["layout"]}:good"]).AssertSuccess("pack");
        // An opaque marker written after a sibling in the same layer: the sibling stays, the lower /app/hello goes.
        var plan = new LayerPlan()
            .Add(LayerEntry.FromText("app/a-new-file", "x"))
            .Add(LayerEntry.FromBytes("app/.wh..wh..opq", Array.Empty<byte>()));
        await LayoutEdits.AppendLayerAsync(dir["layout"], "good", "opaque", plan, dir["cache"]);
        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:opaque"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("/app/hello does not exist", verify.Stdout, StringComparison.Ordinal);
    }
}
