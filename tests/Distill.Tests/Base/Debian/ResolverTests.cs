using Distill.Base.Debian;

namespace Distill.Tests.Base.Debian;

public sealed class ResolverTests
{
    private static PackageRecord Pkg(string name, string version, string? depends = null, string? preDepends = null, string? provides = null, string arch = "amd64", string multiArch = "no", string? conflicts = null, string? breaks = null)
    {
        var text = $"Package: {name}\nVersion: {version}\nArchitecture: {arch}\nMulti-Arch: {multiArch}\nFilename: pool/{name}_{version}.deb\nSHA256: {new string('a', 64)}\n"
            + (depends is null ? "" : $"Depends: {depends}\n") + (preDepends is null ? "" : $"Pre-Depends: {preDepends}\n")
            + (provides is null ? "" : $"Provides: {provides}\n") + (conflicts is null ? "" : $"Conflicts: {conflicts}\n")
            + (breaks is null ? "" : $"Breaks: {breaks}\n");
        return PackageRecord.FromStanza(Deb822.Parse(text, "test")[0], "http://127.0.0.1/debian");
    }

    private static PackageIndex Index(params PackageRecord[] records)
    {
        var index = new PackageIndex("amd64");
        foreach (var r in records)
        {
            index.Add(r);
        }
        return index;
    }

    private static readonly HashSet<string> NoExclusions = [];

    private static List<string> Names(Resolution r) => [.. r.Packages.Select(p => $"{p.Record.Name}={p.Record.Version}")];

    [Fact]
    public void Conflicts_and_breaks_between_chosen_packages_name_both_chains()
    {
        var conflicting = Index(Pkg("app", "1", depends: "a, b"), Pkg("a", "1", conflicts: "b"), Pkg("b", "2"));
        var e = Assert.Throws<DistillException>(() => Resolver.Resolve(conflicting, ["app"], NoExclusions));
        Assert.Equal(ErrorCode.DebianResolve, e.Code);
        Assert.Contains("a 1 (amd64) (needed by app -> a) conflicts with b 2 (amd64) (needed by app -> b) through 'b'", e.Message, StringComparison.Ordinal);

        var breaks = Index(Pkg("app", "1", depends: "a, b"), Pkg("a", "1", breaks: "b (<< 2)"), Pkg("b", "1"));
        Assert.Contains("through 'b (<< 2)'", Assert.Throws<DistillException>(() => Resolver.Resolve(breaks, ["app"], NoExclusions)).Message, StringComparison.Ordinal);

        // Versions outside the constraint, and a package conflicting with a virtual name it provides itself, are fine.
        var fine = Index(Pkg("app", "1", depends: "a, b"), Pkg("a", "1", breaks: "b (<< 2)", provides: "mta", conflicts: "mta"), Pkg("b", "2"));
        Assert.Equal(["a=1", "app=1", "b=2"], Names(Resolver.Resolve(fine, ["app"], NoExclusions)));
    }

    [Fact]
    public void Picks_the_newest_version_that_satisfies_and_follows_pre_depends()
    {
        var index = Index(Pkg("app", "1", depends: "lib (>= 2)", preDepends: "loader"), Pkg("lib", "1"), Pkg("lib", "2"), Pkg("lib", "3~rc1"), Pkg("loader", "5"));
        var r = Resolver.Resolve(index, ["app"], NoExclusions);
        Assert.Equal(["app=1", "lib=3~rc1", "loader=5"], Names(r));
        Assert.Equal(["app", "lib"], r.Packages.Single(p => p.Record.Name == "lib").Chain);
    }

    [Fact]
    public void A_lower_pin_priority_suite_yields_to_the_release_unless_only_it_fits()
    {
        // bookworm-backports (NotAutomatic + ButAutomaticUpgrades: 100) offers newer versions, as it does in practice.
        var backports = (PackageRecord p) => p with { PinPriority = 100 };
        var index = Index(Pkg("app", "1", depends: "lib, tool (>= 3)"), Pkg("lib", "1"), backports(Pkg("lib", "2")),
            Pkg("tool", "2"), backports(Pkg("tool", "3")), backports(Pkg("onlyhere", "1")));
        Assert.Equal(["app=1", "lib=1", "tool=3"], Names(Resolver.Resolve(index, ["app"], NoExclusions)));
        Assert.Equal(["onlyhere=1"], Names(Resolver.Resolve(index, ["onlyhere"], NoExclusions)));
        Assert.Equal(["lib=2"], Names(Resolver.Resolve(index, ["lib=2"], NoExclusions)));
        Assert.Equal(["1", "2"], index.Versions("lib").Select(v => v.Version.ToString()));
    }

    [Fact]
    public void Prefers_an_alternative_already_chosen_else_the_first_that_exists()
    {
        var index = Index(Pkg("app", "1", depends: "mawk | gawk, missing | gawk"), Pkg("gawk", "1"), Pkg("mawk", "1"));
        Assert.Equal(["app=1", "gawk=1", "mawk=1"], Names(Resolver.Resolve(index, ["app"], NoExclusions)));
        var both = Index(Pkg("app", "1", depends: "gawk, mawk | gawk"), Pkg("gawk", "1"), Pkg("mawk", "1"));
        Assert.Equal(["app=1", "gawk=1"], Names(Resolver.Resolve(both, ["app"], NoExclusions)));
    }

    [Fact]
    public void Virtual_packages_resolve_through_provides_and_versioned_provides_count()
    {
        var index = Index(
            Pkg("app", "1", depends: "java-runtime (>= 17), awk"),
            Pkg("jre11", "11", provides: "java-runtime (= 11)"),
            Pkg("jre17", "17", provides: "java-runtime (= 17)"),
            Pkg("mawk", "1", provides: "awk"));
        Assert.Equal(["app=1", "jre17=17", "mawk=1"], Names(Resolver.Resolve(index, ["app"], NoExclusions)));
    }

    [Fact]
    public void An_unversioned_provide_does_not_satisfy_a_versioned_dependency()
    {
        var index = Index(Pkg("app", "1", depends: "virt (>= 1)"), Pkg("prov", "1", provides: "virt"));
        var e = Assert.Throws<DistillException>(() => Resolver.Resolve(index, ["app"], NoExclusions));
        Assert.Contains("provided only by prov (virt)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arch_qualifiers_any_and_native_are_honoured()
    {
        var index = Index(Pkg("app", "1", depends: "python3:any, libc:native"), Pkg("python3", "3", multiArch: "allowed"), Pkg("libc", "2"));
        Assert.Equal(["app=1", "libc=2", "python3=3"], Names(Resolver.Resolve(index, ["app"], NoExclusions)));
        var notAllowed = Index(Pkg("app", "1", depends: "tool:any"), Pkg("tool", "1"));
        var e = Assert.Throws<DistillException>(() => Resolver.Resolve(notAllowed, ["app"], NoExclusions));
        Assert.Contains("none usable as :any", e.Message, StringComparison.Ordinal);
        var foreign = Index(Pkg("app", "1", depends: "lib:arm64"), Pkg("lib", "1"));
        Assert.Throws<DistillException>(() => Resolver.Resolve(foreign, ["app"], NoExclusions));
    }

    [Fact]
    public void Excluded_dependencies_are_dropped_and_reported_but_explicit_roots_win()
    {
        var index = Index(Pkg("tz", "1", depends: "debconf (>= 0.5) | debconf-2.0"), Pkg("debconf", "1"));
        var r = Resolver.Resolve(index, ["tz"], new HashSet<string> { "debconf", "debconf-2.0" });
        Assert.Equal(["tz=1"], Names(r));
        Assert.Equal([new ExcludedDependency("tz", "debconf (>= 0.5) | debconf-2.0")], r.Excluded);
        var asked = DebianTiers.Exclusions("static", ["dash"]);
        Assert.DoesNotContain("dash", asked);
        Assert.Contains("debconf", asked);
    }

    [Fact]
    public void One_version_per_package_a_conflicting_constraint_names_both_chains()
    {
        var index = Index(Pkg("a", "1", depends: "lib (= 1)"), Pkg("b", "1", depends: "lib (>= 2)"), Pkg("lib", "1"), Pkg("lib", "2"));
        var e = Assert.Throws<DistillException>(() => Resolver.Resolve(index, ["a", "b"], NoExclusions));
        Assert.Equal(ErrorCode.DebianResolve, e.Code);
        Assert.Contains("'lib (>= 2)' (needed by b)", e.Message, StringComparison.Ordinal);
        Assert.Contains("lib 1 was already chosen (for a -> lib)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roots_may_pin_a_version_and_unknown_roots_fail_clearly()
    {
        var index = Index(Pkg("lib", "1"), Pkg("lib", "2"));
        Assert.Equal(["lib=1"], Names(Resolver.Resolve(index, ["lib=1"], NoExclusions)));
        var e = Assert.Throws<DistillException>(() => Resolver.Resolve(index, ["nope"], NoExclusions));
        Assert.Contains("(requested): nope is in no configured repository for amd64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Processed_roots_do_not_pull_their_dependencies()
    {
        var index = Index(Pkg("ca-certificates", "1", depends: "openssl"), Pkg("openssl", "3"));
        var r = Resolver.Resolve(index, ["ca-certificates"], NoExclusions, DebianTiers.Processed);
        Assert.Equal(["ca-certificates=1"], Names(r));
    }

    [Fact]
    public void Dependency_cycles_terminate()
    {
        var index = Index(Pkg("a", "1", depends: "b"), Pkg("b", "1", depends: "a"));
        Assert.Equal(["a=1", "b=1"], Names(Resolver.Resolve(index, ["a"], NoExclusions)));
    }
}
