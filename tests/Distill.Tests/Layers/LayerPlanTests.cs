using Distill.Layers;

namespace Distill.Tests.Layers;

public sealed class LayerPlanTests
{
    [Fact]
    public void Parents_AreImplied_AndEverythingIsSortedByBytes()
    {
        var plan = new LayerPlan()
            .Add(LayerEntry.FromText("b/z", "1"))
            .Add(LayerEntry.FromText("a-c", "2"))
            .Add(LayerEntry.FromText("a/b/c", "3"));
        Assert.Equal(["a", "a-c", "a/b", "a/b/c", "b", "b/z"], plan.ToOrderedList().Select(e => e.Path));
    }

    [Fact]
    public void TwoInputsForOnePath_AreRejected()
    {
        var plan = new LayerPlan().Add(LayerEntry.FromText("a/./b", "1"));
        var e = Assert.Throws<DistillException>(() => plan.Add(LayerEntry.FromText("a/b", "2")));
        Assert.Contains("/a/b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryUnderAFile_IsRejected()
    {
        var plan = new LayerPlan().Add(LayerEntry.FromText("a", "1")).Add(LayerEntry.FromText("a/b", "2"));
        Assert.Throws<DistillException>(() => plan.ToOrderedList());
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("/../x")]
    [InlineData("a/../../b")]
    public void PathsAboveTheRoot_AreRejected(string path) =>
        Assert.Throws<DistillException>(() => ImagePath.Normalize(path));

    [Theory]
    [InlineData(".", "")]
    [InlineData("./x", "x")]
    [InlineData("/usr//bin/./x", "usr/bin/x")]
    [InlineData("a/b/../c", "a/c")]
    public void DotPaths_AreNormalized(string path, string expected) => Assert.Equal(expected, ImagePath.Normalize(path));
}
