using Distill.Base.Debian;
using Distill.Images;
using Distill.Publish;
using Xunit;

using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

/// <summary>
/// Builds each tier from the machine's configured Debian mirror, found through apt's configuration
/// (no host is named here). Downloads go to the user's Distill cache, so a second run only fetches
/// the signed InRelease files.
/// </summary>
public sealed class DebianMirrorTests
{
    internal static void RequireAptSources()
    {
        Tools.Require("gpgv");
        if (AptSources.Load().Count == 0)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("apt has no configured sources");
            }
            Assert.Skip("apt has no configured sources");
        }
    }

    internal static async Task<DebianBaseResult> BuildAsync(string tier, bool nonRoot = false, IReadOnlyList<string>? add = null, string? lockPath = null, bool offline = false)
    {
        RequireAptSources();
        return await DebianBase.BuildAsync(tier, new DebianBaseOptions
        {
            NonRoot = nonRoot,
            Add = add ?? [],
            LockPath = lockPath,
            Offline = offline,
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Static_tier_from_the_configured_mirror_has_the_distroless_content()
    {
        var result = await BuildAsync("static");
        Assert.Equal(["base-files", "ca-certificates", "media-types", "netbase", "tzdata"], result.Lock.Packages.Select(p => p.Name));
        Assert.Contains(result.Excluded, e => e.Package == "tzdata" && e.Dependency.StartsWith("debconf", StringComparison.Ordinal));
        Assert.Equal("0", result.Image.Config.Config.User);
        Assert.Equal("/etc/ssl/certs/ca-certificates.crt", result.Image.Config.Config.GetEnv("SSL_CERT_FILE"));
        using var dir = new TempDir();
        var written = await Transports.CreateSink(ImageLocation.Parse($"oci:{dir.Path}:static"))
            .WriteAsync(ImageSerializer.Serialize(result.Image), TestContext.Current.CancellationToken);
        Assert.StartsWith("sha256:", written.Digest.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Each tier's package set: distroless's published Debian 12 list, plus what dependency resolution
    /// adds (README "Differences from distroless" explains each).
    /// </summary>
    public static TheoryData<string, string[]> TierPackages => new()
    {
        { "base-nossl", ["base-files", "ca-certificates", "gcc-12-base", "libc6", "libgcc-s1", "media-types", "netbase", "tzdata"] },
        { "base", ["base-files", "ca-certificates", "gcc-12-base", "libc6", "libgcc-s1", "libssl3", "media-types", "netbase", "tzdata"] },
        { "cc", ["base-files", "ca-certificates", "gcc-12-base", "libc6", "libgcc-s1", "libgomp1", "libssl3", "libstdc++6", "media-types", "netbase", "tzdata"] },
    };

    [Theory]
    [MemberData(nameof(TierPackages))]
    public async Task Tier_package_sets_match_distroless_plus_the_resolved_dependencies(string tier, string[] expected)
    {
        var result = await BuildAsync(tier);
        Assert.Equal(expected, result.Lock.Packages.Select(p => p.Name));
    }

    [Fact]
    public async Task Runtime_tiers_hold_their_runtime_and_drop_what_distroless_drops()
    {
        var java = await BuildAsync("java17");
        var names = java.Lock.Packages.Select(p => p.Name).ToHashSet();
        Assert.Contains("openjdk-17-jre-headless", names);
        Assert.Contains("libharfbuzz0b", names);
        Assert.DoesNotContain("libcups2", names);
        Assert.DoesNotContain("ca-certificates-java", names);
        Assert.Contains(java.Excluded, e => e.Package == "openjdk-17-jre-headless" && e.Dependency.StartsWith("libcups2", StringComparison.Ordinal));
        var python = await BuildAsync("python3");
        Assert.Contains("python3.11-minimal", python.Lock.Packages.Select(p => p.Name));
        Assert.DoesNotContain("dpkg", python.Lock.Packages.Select(p => p.Name));
        Assert.Contains(python.Excluded, e => e.Dependency.StartsWith("dpkg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dpkg_query_over_the_concatenated_status_d_lists_every_package_with_its_version()
    {
        var dpkgQuery = Tools.Require("dpkg-query");
        var umoci = Tools.Require("umoci");
        Tools.RequireRoot();
        var result = await BuildAsync("python3");
        using var dir = new TempDir();
        await Transports.CreateSink(ImageLocation.Parse($"oci:{dir["layout"]}:p")).WriteAsync(ImageSerializer.Serialize(result.Image), TestContext.Current.CancellationToken);
        Run.Process(umoci, ["unpack", "--image", $"{dir["layout"]}:p", dir["bundle"]]).AssertSuccess("umoci unpack");
        var statusD = Path.Combine(dir["bundle"], "rootfs", "var", "lib", "dpkg", "status.d");
        var admin = dir["admin"];
        Directory.CreateDirectory(Path.Combine(admin, "updates"));
        await File.WriteAllTextAsync(Path.Combine(admin, "status"), string.Concat(Directory.GetFiles(statusD)
            .Where(f => !f.EndsWith(".md5sums", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText)));
        File.WriteAllText(Path.Combine(admin, "available"), "");
        var listed = Run.Process(dpkgQuery, ["--admindir", admin, "-W", "-f", "${Package} ${Version} ${db:Status-Abbrev}\n"]).AssertSuccess("dpkg-query").Stdout;
        var expected = result.Lock.Packages.Select(p => $"{p.Name} {p.Version} ii ").Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(statusD, "libc6.md5sums")));
        Assert.False(File.Exists(Path.Combine(dir["bundle"], "rootfs", "var", "lib", "dpkg", "status")));
    }

    [Fact]
    public async Task The_cli_writes_a_lock_that_rebuilds_the_same_digest_offline()
    {
        RequireAptSources();
        using var dir = new TempDir();
        var cache = global::Distill.Layers.BlobStore.DefaultRoot();
        var env = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        var first = Run.Distill(["base", "cc", "--nonroot", "-o", $"oci:{dir["a"]}:cc"], dir.Path, env, cache).AssertSuccess("distill base cc");
        Assert.Contains("dropped on purpose: tzdata -> debconf", first.Stdout, StringComparison.Ordinal);
        var lockPath = dir[LockFile.DefaultName];
        Assert.True(File.Exists(lockPath));
        var second = Run.Distill(["base", "cc", "--nonroot", "--lock", lockPath, "--offline", "--no-cache", "-q", "-o", $"oci:{dir["b"]}:cc"], dir.Path, env, cache)
            .AssertSuccess("distill base cc --lock");
        var firstDigest = first.Stdout.Split('\n')[0].Split(' ')[1];
        Assert.Equal(firstDigest, second.Stdout.Trim());
        var bad = Run.Distill(["base", "nonesuch", "-o", $"oci:{dir["c"]}"], dir.Path, env, cache);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown base tier 'nonesuch'", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_builds_for_arm64_from_the_same_sources()
    {
        RequireAptSources();
        var result = await DebianBase.BuildAsync("static", new DebianBaseOptions { Architecture = "arm64" }, TestContext.Current.CancellationToken);
        Assert.Equal("arm64", result.Image.Config.Architecture);
        Assert.Equal("arm64", result.Lock.Packages.Single(p => p.Name == "base-files").Architecture);
        Assert.Equal("all", result.Lock.Packages.Single(p => p.Name == "tzdata").Architecture);
    }
}
