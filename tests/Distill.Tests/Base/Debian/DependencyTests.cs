using Xunit;
using Distill.Base.Debian;

namespace Distill.Tests.Base.Debian;

public sealed class DependencyTests
{
    [Fact]
    public void Parses_alternatives_versions_and_arch_qualifiers()
    {
        var groups = DependencyGroup.ParseField("libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, python3:any (<< 3.12), libfoo:native, bar (<< 1:2~)");
        Assert.Equal(5, groups.Count);
        Assert.Equal(["debconf", "debconf-2.0"], groups[1].Alternatives.Select(a => a.Name));
        Assert.Equal(VersionRelation.LaterOrEqual, groups[0].Alternatives[0].Relation);
        Assert.Equal("2.34", groups[0].Alternatives[0].Version!.ToString());
        Assert.Equal("any", groups[2].Alternatives[0].ArchQualifier);
        Assert.Equal(VersionRelation.Earlier, groups[2].Alternatives[0].Relation);
        Assert.Equal("native", groups[3].Alternatives[0].ArchQualifier);
        Assert.Equal("1:2~", groups[4].Alternatives[0].Version!.ToString());
        Assert.Equal("debconf (>= 0.5) | debconf-2.0", groups[1].ToString());
    }

    [Theory]
    [InlineData("<", VersionRelation.EarlierOrEqual)]
    [InlineData(">", VersionRelation.LaterOrEqual)]
    [InlineData("=", VersionRelation.Equal)]
    [InlineData(">>", VersionRelation.Later)]
    public void Obsolete_and_plain_relations_map_as_dpkg_reads_them(string op, VersionRelation expected) =>
        Assert.Equal(expected, DependencyGroup.ParseField($"x ({op} 1)")[0].Alternatives[0].Relation);

    [Fact]
    public void Source_only_restrictions_are_ignored_and_a_trailing_comma_tolerated()
    {
        var groups = DependencyGroup.ParseField("foo [amd64] <!nocheck>, bar (>= 1) [!arm64],");
        Assert.Equal(["foo", "bar"], groups.Select(g => g.Alternatives[0].Name));
    }

    [Theory]
    [InlineData("foo (>= )")]
    [InlineData("foo (~ 1)")]
    [InlineData("foo (>= 1")]
    [InlineData("fo/o")]
    [InlineData("foo (>= 1) bar")]
    public void Malformed_fields_are_rejected(string field) =>
        Assert.Throws<FormatException>(() => DependencyGroup.ParseField(field));

    [Fact]
    public void Accepts_checks_the_version_constraint()
    {
        var alt = DependencyGroup.ParseField("libc6 (>= 2.34)")[0].Alternatives[0];
        Assert.True(alt.Accepts(DebVersion.Parse("2.36-9+deb12u7")));
        Assert.False(alt.Accepts(DebVersion.Parse("2.31-13")));
        Assert.False(alt.Accepts(null));
        Assert.True(DependencyGroup.ParseField("libc6")[0].Alternatives[0].Accepts(null));
    }

    [Fact]
    public void Deb822_keeps_field_order_continuations_and_round_trips()
    {
        const string text = "Package: foo\nVersion: 1.0\nDescription: short\n line one\n .\n line three\n\n# comment\nPackage: bar\n";
        var stanzas = Deb822.Parse(text, "test");
        Assert.Equal(2, stanzas.Count);
        Assert.Equal("short\nline one\n\nline three", stanzas[0]["description"]);
        Assert.Equal("Package: foo\nVersion: 1.0\nDescription: short\n line one\n .\n line three\n", stanzas[0].ToText());
        Assert.Equal("bar", stanzas[1]["Package"]);
        Assert.Throws<FormatException>(() => Deb822.Parse(" orphan continuation\n", "test"));
        Assert.Throws<FormatException>(() => Deb822.Parse("no colon here\n", "test"));
    }
}
