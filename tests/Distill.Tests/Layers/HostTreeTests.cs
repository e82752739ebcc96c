using Distill.Layers;
using Distill.Tests.Testing;

namespace Distill.Tests.Layers;

public sealed class HostTreeTests
{
    [Fact]
    public void Directory_IsCollectedSorted_WithNormalizedModes_AndInsideSymlinksKept()
    {
        using var dir = new TempDir();
        dir.Write("app/run", "#!/bin/sh\n", (UnixFileMode)0b111_000_000);
        dir.Write("app/data/b.txt", "b", (UnixFileMode)0b110_000_000);
        dir.Write("app/data/a.txt", "a");
        File.CreateSymbolicLink(dir["app/data/link"], "a.txt");
        var entries = HostTree.Collect(dir["app"], "/srv");
        Assert.Equal(["srv", "srv/data", "srv/data/a.txt", "srv/data/b.txt", "srv/data/link", "srv/run"], entries.Select(e => e.Path));
        Assert.Equal(LayerEntry.ExecutableMode, entries.Single(e => e.Path == "srv/run").Mode);
        Assert.Equal(LayerEntry.RegularMode, entries.Single(e => e.Path == "srv/data/b.txt").Mode);
        Assert.Equal("a.txt", entries.Single(e => e.Path == "srv/data/link").LinkTarget);
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
    }

    [Theory]
    [InlineData("../../secrets")]
    [InlineData("/etc/shadow")]
    [InlineData("x/../../../outside")]
    public void SymlinkLeavingTheRoot_IsAnErrorNamingIt(string target)
    {
        using var dir = new TempDir();
        dir.Write("app/sub/x", "x");
        File.CreateSymbolicLink(dir["app/sub/escape"], target);
        var e = Assert.Throws<DistillException>(() => HostTree.Collect(dir["app"], "app"));
        Assert.Equal(ErrorCode.SymlinkEscapesRoot, e.Code);
        Assert.Contains("escape", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkLoopInside_IsStoredAsLinks_NotFollowed()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["app"]);
        File.CreateSymbolicLink(dir["app/a"], "b");
        File.CreateSymbolicLink(dir["app/b"], "a");
        var entries = HostTree.Collect(dir["app"], "app");
        Assert.Equal(2, entries.Count(e => e.Kind == LayerEntryKind.Symlink));
    }

    [Fact]
    public void InputThatIsASymlinkLoop_IsAClearError()
    {
        using var dir = new TempDir();
        File.CreateSymbolicLink(dir["a"], dir["b"]);
        File.CreateSymbolicLink(dir["b"], dir["a"]);
        var e = Assert.Throws<DistillException>(() => HostTree.Collect(dir["a"], "app"));
        Assert.Contains("'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifo_IsRefusedWithoutBlocking()
    {
        var mkfifo = Tools.Require("mkfifo");
        using var dir = new TempDir();
        dir.Write("app/ok", "x");
        Run.Process(mkfifo, [dir["app/pipe"]]).AssertSuccess("mkfifo");
        var e = Assert.Throws<DistillException>(() => HostTree.Collect(dir["app"], "app"));
        Assert.Contains("FIFO", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HardLinks_FirstPathInSortedOrderHoldsTheContent()
    {
        var ln = Tools.Require("ln");
        using var dir = new TempDir();
        dir.Write("app/m", "shared");
        Run.Process(ln, [dir["app/m"], dir["app/z"]]).AssertSuccess("ln");
        Run.Process(ln, [dir["app/m"], dir["app/a"]]).AssertSuccess("ln");
        var entries = HostTree.Collect(dir["app"], "app");
        Assert.Equal(LayerEntryKind.File, entries.Single(e => e.Path == "app/a").Kind);
        Assert.Equal("app/a", entries.Single(e => e.Path == "app/m").LinkTarget);
        Assert.Equal("app/a", entries.Single(e => e.Path == "app/z").LinkTarget);
        // And the tar is valid: hard links point back to an earlier entry.
        Assert.Equal(3, new LayerPlan().AddRange(entries).ToOrderedList().Count(e => e.Path.StartsWith("app/", StringComparison.Ordinal)));
    }
}
