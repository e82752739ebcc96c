using Xunit;
using Distill.Base.Debian;

using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

public sealed class DebVersionTests
{
    private static readonly string[] Corpus =
    [
        "0", "1", "1.0", "1.0-1", "1.0-0", "1.0~rc1", "1.0~rc1-1", "1.0~~", "1.0~", "1.0+1", "1.0.1", "1.0a", "1.0A",
        "1:0.9", "2:0", "0:1.0", "1.00", "1.000-1", "10", "9.9", "1.0-1~bpo1", "1.0-1+b1", "1.0-1.1", "1.2.3+dfsg-1~deb12u1",
        "3.0.20-1~deb12u2", "3.0.22-1~deb12u2", "2.36-9+deb12u14", "2.36-9+deb12u7", "17.0.21.1+2-1~deb12u1", "17.0.19+10-1~deb12u2",
        "12.2.0-14+deb12u1", "1:1.2.13.dfsg-1", "2:3.87.1-1+deb12u4", "20230311+deb12u1", "20250419~deb12u2", "1.0-a", "1.0-A",
        "1.0.", "1..0", "1.0+~", "0.0.0~git20200101", "5.36.0-7+deb12u1", "7.88.1-10", "a1:1", "1-1-1", "1.0-1-1",
    ];

    [Fact]
    public void Compare_matches_dpkg_on_every_pair_of_the_corpus()
    {
        var dpkg = Tools.Require("dpkg");
        var valid = Corpus.Where(v => DebVersion.TryParse(v, out _)).ToList();
        Assert.True(valid.Count >= 40);
        var mismatches = new List<string>();
        foreach (var a in valid)
        {
            foreach (var b in valid)
            {
                if (string.CompareOrdinal(a, b) > 0)
                {
                    continue; // antisymmetry is checked separately
                }
                var mine = DebVersion.Parse(a).CompareTo(DebVersion.Parse(b));
                var lt = DebianTools.Run(dpkg, ["--compare-versions", a, "lt", b]).Exit == 0;
                var eq = DebianTools.Run(dpkg, ["--compare-versions", a, "eq", b]).Exit == 0;
                var theirs = lt ? -1 : eq ? 0 : 1;
                if (Math.Sign(mine) != theirs)
                {
                    mismatches.Add($"{a} vs {b}: mine {mine}, dpkg {theirs}");
                }
            }
        }
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("1.0~rc1", "1.0")]
    [InlineData("1.0~~", "1.0~")]
    [InlineData("1.0", "1.0+1")]
    [InlineData("1.0", "1.0a")]
    [InlineData("1:0.9", "2:0")]
    [InlineData("9.9", "10")]
    [InlineData("1.0A", "1.0a")]
    [InlineData("2.36-9+deb12u7", "2.36-9+deb12u14")]
    public void Earlier_versions_sort_first_and_antisymmetrically(string earlier, string later)
    {
        Assert.True(DebVersion.Parse(earlier) < DebVersion.Parse(later));
        Assert.True(DebVersion.Parse(later) > DebVersion.Parse(earlier));
    }

    [Theory]
    [InlineData("1.0", "1.0-0")]
    [InlineData("1.0", "0:1.0")]
    [InlineData("1.00", "1.0")]
    public void Equivalent_spellings_compare_equal(string a, string b) =>
        Assert.Equal(0, DebVersion.Parse(a).CompareTo(DebVersion.Parse(b)));

    [Theory]
    [InlineData("")]
    [InlineData("a1")]
    [InlineData("1.0 2")]
    [InlineData("x:1.0")]
    [InlineData("1.0-")]
    [InlineData("1.0-r_1")]
    public void Malformed_versions_are_rejected(string text)
    {
        Assert.False(DebVersion.TryParse(text, out _));
        Assert.Throws<FormatException>(() => DebVersion.Parse(text));
    }

    [Fact]
    public void Parse_splits_epoch_upstream_and_revision_at_the_last_hyphen()
    {
        var v = DebVersion.Parse("2:1.2-3-4");
        Assert.Equal(2, v.Epoch);
        Assert.Equal("1.2-3", v.Upstream);
        Assert.Equal("4", v.Revision);
        Assert.Equal("2:1.2-3-4", v.ToString());
    }
}
