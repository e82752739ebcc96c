using Distill.Base;

namespace Distill.Tests.Inspect;

/// <summary>Go binaries with cgo off and on, with and without net, and -buildmode=pie (KNOWLEDGE.md §2).</summary>
public sealed class GoArtifactTests
{
    private const string Loader = "/lib64/ld-linux-x86-64.so.2";
    private const string Amd64 = "linux/amd64";

    [Fact]
    public void Cgo_off_is_static_for_scratch_and_build_info_is_read()
    {
        var path = InspectArtifacts.Go("go-nocgo", InspectArtifacts.HelloGo, cgo: false);
        var report = Expect.Analysis(path, "go", Linkage.Static, null, [], Amd64, null, BaseTier.Scratch);
        Assert.Equal("0", report.Details["go.cgo"]);
        Assert.Equal("example.com/app", report.Details["go.module"]);
        Assert.StartsWith("go1.", report.Details["go.version"], StringComparison.Ordinal);
    }

    [Fact]
    public void Cgo_on_without_net_is_still_static()
    {
        var path = InspectArtifacts.Go("go-cgo", InspectArtifacts.HelloGo, cgo: true);
        var report = Expect.Analysis(path, "go", Linkage.Static, null, [], Amd64, null, BaseTier.Scratch);
        Assert.Equal("1", report.Details["go.cgo"]);
    }

    [Fact]
    public void Cgo_on_with_net_and_os_user_links_libc_and_reads_the_resolver_files()
    {
        var path = InspectArtifacts.Go("go-cgo-net", InspectArtifacts.NetGo, cgo: true);
        var report = Expect.Analysis(path, "go", Linkage.Dynamic, Loader, ["libc.so.6"], Amd64, null, BaseTier.BaseNoSsl);
        Assert.Superset(new HashSet<string> { DataFile.CaCertificates, DataFile.Tzdata, DataFile.Hosts, DataFile.Nsswitch }, report.Requirements!.DataFiles.ToHashSet());
    }

    [Fact]
    public void Cgo_off_with_net_is_static_with_the_static_essentials()
    {
        var path = InspectArtifacts.Go("go-nocgo-net", InspectArtifacts.NetGo, cgo: false);
        var report = Expect.Analysis(path, "go", Linkage.Static, null, [], Amd64, null, BaseTier.Static);
        Assert.Superset(new HashSet<string> { DataFile.CaCertificates, DataFile.Tzdata, DataFile.Hosts, DataFile.Nsswitch, DataFile.Passwd }, report.Requirements!.DataFiles.ToHashSet());
    }

    [Fact]
    public void Timetzdata_tag_drops_zoneinfo_and_stripping_keeps_build_info()
    {
        var path = InspectArtifacts.Go("go-nocgo-net-tz", InspectArtifacts.NetGo, false, "-tags", "timetzdata", "-ldflags=-s -w");
        var report = Expect.Analysis(path, "go", Linkage.Static, null, [], Amd64, null, BaseTier.Static);
        Assert.DoesNotContain(DataFile.Tzdata, report.Requirements!.DataFiles);
        Assert.Contains(DataFile.CaCertificates, report.Requirements.DataFiles);
        Assert.Equal("timetzdata", report.Details["go.tags"]);
        Assert.Equal("true", report.Details["elf.stripped"]);
    }

    [Fact]
    public void Buildmode_pie_has_a_loader_and_no_DT_NEEDED()
    {
        var path = InspectArtifacts.Go("go-pie", InspectArtifacts.HelloGo, true, "-buildmode=pie");
        var report = Expect.Analysis(path, "go", Linkage.Dynamic, Loader, [], Amd64, null, BaseTier.BaseNoSsl);
        Assert.True(report.Elf!.IsPie);
    }
}
