namespace Distill.Base.Debian;

/// <summary>The tiers of <c>distill base</c>, with the content of distroless's tiers of the same name.</summary>
public static class DebianTiers
{
    /// <summary>
    /// Packages a container never needs, dropped wherever a dependency names them (distroless does the
    /// same by listing packages by hand): package-manager and configuration machinery, shells and
    /// base utilities (there is no shell to run maintainer scripts), and the Java certificate
    /// tooling Distill replaces with a generated keystore.
    /// </summary>
    public static IReadOnlyList<string> CommonExclusions { get; } =
    [
        "adduser", "awk", "base-passwd", "bash", "ca-certificates-java", "cdebconf", "coreutils", "dash", "debconf", "debconf-2.0",
        "debianutils", "dpkg", "init-system-helpers", "install-info", "java-common", "login", "lsb-base", "passwd",
        "perl-base", "sensible-utils", "sysvinit-utils", "ucf", "util-linux",
    ];

    /// <summary>Packages whose content Distill post-processes instead of installing verbatim (their dependencies are not followed).</summary>
    public static IReadOnlySet<string> Processed { get; } = new HashSet<string>(StringComparer.Ordinal) { "ca-certificates" };

    private static readonly DebianTier[] All =
    [
        new("static", null, ["base-files", "netbase", "tzdata", "media-types", "ca-certificates"], [], null, []),
        new("base-nossl", "static", ["libc6"], [], null, []),
        new("base", "base-nossl", ["libssl3"], [], null, []),
        new("cc", "base", ["libgcc-s1", "libgomp1", "libstdc++6"], [], null, []),
        // The headless JRE's printing, sound, smart-card and NSS-PKCS#11 libraries are loaded only on
        // demand; distroless leaves them out too.
        new("java17", "cc", ["openjdk-17-jre-headless"], ["libcups2", "libasound2", "libpcsclite1", "libnss3"],
            ["/usr/bin/java", "-jar"], ["LANG=C.UTF-8"]),
        new("nodejs", "cc", ["nodejs"], [], ["/usr/bin/node"], []),
        // distroless builds python3 on cc "so that C extensions work properly".
        new("python3", "cc", ["python3"], [], ["/usr/bin/python3"], ["LANG=C.UTF-8"]),
    ];

    /// <summary>The tier names in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(t => t.Name)];

    /// <summary>A tier by name.</summary>
    /// <exception cref="DistillException">Unknown tier (a usage error).</exception>
    public static DebianTier Get(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new DistillException(ErrorCode.Usage, $"unknown base tier '{name}'; choose one of {string.Join(", ", Names)}");

    /// <summary>The tier and its ancestors, <c>static</c> first.</summary>
    public static IReadOnlyList<DebianTier> Chain(string name)
    {
        var chain = new List<DebianTier>();
        for (DebianTier? t = Get(name); t is not null; t = t.Parent is null ? null : Get(t.Parent))
        {
            chain.Insert(0, t);
        }
        return chain;
    }

    /// <summary>Every exclusion that applies to a tier (common and per level), minus packages asked for explicitly.</summary>
    public static IReadOnlySet<string> Exclusions(string name, IEnumerable<string> requested)
    {
        var set = new HashSet<string>(CommonExclusions, StringComparer.Ordinal);
        set.UnionWith(Chain(name).SelectMany(t => t.Exclusions));
        set.ExceptWith(requested.Select(r => r.Split('=')[0]));
        return set;
    }
}
