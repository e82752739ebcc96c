using Distill;
using Distill.Base.Debian;
using Distill.Images;
using Xunit;

using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

/// <summary>Building from a signed repository the tests serve on 127.0.0.1, and every way it can be tampered with.</summary>
public sealed class LocalMirrorTests(LocalMirror mirror) : IClassFixture<LocalMirror>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<DistillException> FailsAsync(LocalMirror.MirrorCopy copy, DebianBaseOptions? options = null, string tier = "static") =>
        await Assert.ThrowsAsync<DistillException>(() => DebianBase.BuildAsync(tier, options ?? copy.Options(), Ct));

    [Fact]
    public async Task Builds_the_static_tier_from_the_signed_local_mirror()
    {
        using var copy = mirror.Copy();
        var result = await DebianBase.BuildAsync("static", copy.Options(), Ct);
        Assert.Equal(["base-files", "ca-certificates", "media-types", "netbase", "tzdata"], result.Lock.Packages.Select(p => p.Name));
        Assert.All(result.Lock.Packages, p => Assert.StartsWith(copy.Url + "/pool/main/", p.Url, StringComparison.Ordinal));
        Assert.True(copy.Requests.ContainsKey($"dists/{LocalMirror.Suite}/InRelease"));
        Assert.Equal(2, result.Image.Layers.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_NotAutomatic_suite_like_backports_does_not_replace_the_releases_packages(bool notAutomatic)
    {
        using var copy = mirror.Copy();
        // A second signed suite offering a newer tzdata whose .deb does not exist: taking it fails the build.
        const string suite = "distill-test-backports";
        var dist = Path.Combine(copy.Root, "dists", suite);
        Directory.CreateDirectory(Path.Combine(dist, "main/binary-amd64"));
        var packages = System.Text.Encoding.UTF8.GetBytes($"Package: tzdata\nVersion: 9999.1\nArchitecture: all\nFilename: pool/main/tzdata_9999.1_all.deb\nSize: 10\nSHA256: {new string('0', 64)}\n\n");
        File.WriteAllBytes(Path.Combine(dist, "main/binary-amd64/Packages"), packages);
        File.WriteAllText(Path.Combine(dist, "Release"), $"Suite: {suite}\nCodename: {suite}\n" + (notAutomatic ? "NotAutomatic: yes\nButAutomaticUpgrades: yes\n" : "")
            + $"Architectures: amd64\nComponents: main\nSHA256:\n {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(packages))} {packages.Length} main/binary-amd64/Packages\n");
        LocalMirror.Sign(dist, copy.GnupgHome);
        var options = copy.Options() with { Sources = [copy.Source, AptSources.Explicit(copy.Url, suite, ["main"], [copy.Keyring])] };
        if (notAutomatic)
        {
            var result = await DebianBase.BuildAsync("static", options, Ct);
            var tzdata = Assert.Single(result.Lock.Packages, p => p.Name == "tzdata");
            Assert.NotEqual("9999.1", tzdata.Version);
            Assert.False(copy.Requests.ContainsKey("pool/main/tzdata_9999.1_all.deb"));
        }
        else
        {
            // The control: from an ordinary suite, apt (and Distill) take the newest version.
            await FailsAsync(copy, options);
            Assert.True(copy.Requests.ContainsKey("pool/main/tzdata_9999.1_all.deb"));
        }
    }

    [Fact]
    public async Task Release_signed_only_detached_is_accepted()
    {
        using var copy = mirror.Copy();
        File.Delete(Path.Combine(copy.Dist, "InRelease"));
        var result = await DebianBase.BuildAsync("static", copy.Options(), Ct);
        Assert.Equal(5, result.Lock.Packages.Count);
        Assert.True(copy.Requests.ContainsKey($"dists/{LocalMirror.Suite}/Release.gpg"));
    }

    [Fact]
    public async Task A_tampered_InRelease_is_rejected()
    {
        using var copy = mirror.Copy();
        var inRelease = Path.Combine(copy.Dist, "InRelease");
        var text = await File.ReadAllTextAsync(inRelease, Ct);
        await File.WriteAllTextAsync(inRelease, text.Replace("main/binary-amd64/Packages.xz", "main/binary-amd64/Packages.xy", StringComparison.Ordinal), Ct);
        var e = await FailsAsync(copy);
        Assert.Equal(ErrorCode.DebianSignature, e.Code);
        Assert.Contains("BAD signature", e.Message, StringComparison.Ordinal);
    }

    private static async Task SetValidUntilAsync(LocalMirror.MirrorCopy copy, DateTimeOffset until)
    {
        var release = Path.Combine(copy.Dist, "Release");
        var text = await File.ReadAllTextAsync(release, Ct);
        await File.WriteAllTextAsync(release, text.Replace("Suite: ", $"Valid-Until: {until.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC\nSuite: ", StringComparison.Ordinal), Ct);
        LocalMirror.Sign(copy.Dist, copy.GnupgHome);
    }

    [Fact]
    public async Task An_expired_Release_is_rejected_unless_apt_turns_the_check_off()
    {
        using var copy = mirror.Copy();
        await SetValidUntilAsync(copy, DateTimeOffset.UtcNow.AddDays(-2));
        using var apt = new Distill.Tests.Testing.TempDir();
        var e = await FailsAsync(copy, copy.Options() with { AptRoot = apt.Path });
        Assert.Equal(ErrorCode.DebianSignature, e.Code);
        Assert.Contains("expired", e.Message, StringComparison.Ordinal);
        apt.Write("apt.conf.d/99no-valid-until", "Acquire::Check-Valid-Until \"false\";\n");
        var result = await DebianBase.BuildAsync("static", copy.Options() with { AptRoot = apt.Path }, Ct);
        Assert.NotEmpty(result.Lock.Packages);
    }

    [Fact]
    public async Task A_Release_valid_until_a_future_date_is_accepted()
    {
        using var copy = mirror.Copy();
        await SetValidUntilAsync(copy, DateTimeOffset.UtcNow.AddDays(7));
        using var apt = new Distill.Tests.Testing.TempDir();
        var result = await DebianBase.BuildAsync("static", copy.Options() with { AptRoot = apt.Path }, Ct);
        Assert.NotEmpty(result.Lock.Packages);
    }

    [Fact]
    public async Task A_tampered_detached_Release_is_rejected()
    {
        using var copy = mirror.Copy();
        File.Delete(Path.Combine(copy.Dist, "InRelease"));
        await File.AppendAllTextAsync(Path.Combine(copy.Dist, "Release"), "X-Injected: yes\n", Ct);
        var e = await FailsAsync(copy);
        Assert.Equal(ErrorCode.DebianSignature, e.Code);
    }

    [Fact]
    public async Task A_Release_signed_by_an_untrusted_key_is_rejected()
    {
        using var copy = mirror.Copy();
        copy.SignWithStranger();
        var e = await FailsAsync(copy);
        Assert.Equal(ErrorCode.DebianSignature, e.Code);
        Assert.Contains("not in the keyring", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_Release_is_rejected()
    {
        using var copy = mirror.Copy();
        copy.Reindex(sign: false);
        var e = await FailsAsync(copy);
        Assert.Equal(ErrorCode.DebianSignature, e.Code);
        Assert.Contains("not signed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_outside_the_clearsigned_block_is_rejected()
    {
        using var copy = mirror.Copy();
        var inRelease = Path.Combine(copy.Dist, "InRelease");
        await File.AppendAllTextAsync(inRelease, "\nSHA256:\n 0000 1 main/binary-amd64/Packages\n", Ct);
        Assert.Equal(ErrorCode.DebianSignature, (await FailsAsync(copy)).Code);
    }

    [Fact]
    public async Task A_tampered_Packages_index_is_rejected()
    {
        using var copy = mirror.Copy();
        var binary = Path.Combine(copy.Dist, "main", "binary-amd64");
        var packages = await File.ReadAllTextAsync(Path.Combine(binary, "Packages"), Ct);
        await File.WriteAllTextAsync(Path.Combine(binary, "Packages"), packages.Replace("Version: 1.0", "Version: 9.0", StringComparison.Ordinal), Ct);
        DebianTools.RunOk("xz", ["-kf", Path.Combine(binary, "Packages")]);
        var e = await FailsAsync(copy);
        Assert.Equal(ErrorCode.DigestMismatch, e.Code);
        Assert.Contains("Packages.xz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_package_file_is_rejected()
    {
        using var copy = mirror.Copy();
        var deb = Directory.GetFiles(Path.Combine(copy.Root, "pool", "main"), "netbase_*.deb").Single();
        var bytes = await File.ReadAllBytesAsync(deb, Ct);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(deb, bytes, Ct);
        var e = await FailsAsync(copy);
        Assert.Equal(ErrorCode.DigestMismatch, e.Code);
        Assert.Contains("netbase", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(copy.CacheRoot, "debian", "sha256"))
            && Directory.GetFiles(Path.Combine(copy.CacheRoot, "debian", "sha256")).Any(f => Path.GetFileName(f).StartsWith(".tmp", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_dependency_names_the_chain()
    {
        using var copy = mirror.Copy();
        var e = await FailsAsync(copy, copy.Options(["distill-top"]));
        Assert.Equal(ErrorCode.DebianResolve, e.Code);
        Assert.Contains("distill-top -> distill-middle", e.Message, StringComparison.Ordinal);
        Assert.Contains("distill-missing is in no configured repository", e.Message, StringComparison.Ordinal);
        Assert.Contains("distill-also-missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsatisfiable_version_names_the_chain_and_what_is_available()
    {
        using var copy = mirror.Copy();
        var e = await FailsAsync(copy, copy.Options(["distill-app"]));
        Assert.Equal(ErrorCode.DebianResolve, e.Code);
        Assert.Contains("'distill-lib (>= 2.0)' (needed by distill-app)", e.Message, StringComparison.Ordinal);
        Assert.Contains("available versions are 1.0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Added_packages_resolve_virtual_dependencies_and_get_their_own_layer()
    {
        using var copy = mirror.Copy();
        var result = await DebianBase.BuildAsync("static", copy.Options(["distill-virtual-user"]), Ct);
        Assert.Contains(result.Lock.Packages, p => p.Name == "distill-provider");
        Assert.Equal(["distill-virtual-user"], result.Lock.Added);
        Assert.Equal(3, result.Image.Layers.Count);
    }

    [Fact]
    public async Task The_lock_file_rebuilds_the_same_image_offline()
    {
        using var copy = mirror.Copy();
        var options = copy.Options(["distill-virtual-user"]) with { SourceDateEpoch = 1700000000, NonRoot = true };
        var first = await DebianBase.BuildAsync("static", options, Ct);
        var lockPath = Path.Combine(copy.CacheRoot, LockFile.DefaultName);
        first.Lock.Write(lockPath);
        var reread = LockFile.Read(lockPath);
        Assert.Equal(first.Lock.ToJson(), reread.ToJson());

        copy.Stop(); // the mirror is gone: only the cache remains
        var again = await DebianBase.BuildAsync("static", new DebianBaseOptions
        {
            LockPath = lockPath,
            CacheRoot = copy.CacheRoot,
            Offline = true,
            UseImageCache = false,
            SourceDateEpoch = 1700000000,
            NonRoot = true,
        }, Ct);
        Assert.Equal(ImageSerializer.Serialize(first.Image).Manifest.Digest, ImageSerializer.Serialize(again.Image).Manifest.Digest);
        Assert.Equal("65532", again.Image.Config.Config.User);
    }

    [Fact]
    public async Task A_lock_whose_package_is_not_cached_fails_offline_naming_it()
    {
        using var copy = mirror.Copy();
        var result = await DebianBase.BuildAsync("static", copy.Options(), Ct);
        var lockPath = Path.Combine(copy.CacheRoot, LockFile.DefaultName);
        result.Lock.Write(lockPath);
        var tzdata = result.Lock.Packages.Single(p => p.Name == "tzdata");
        File.Delete(Path.Combine(copy.CacheRoot, "debian", "sha256", tzdata.Sha256));
        var e = await Assert.ThrowsAsync<DistillException>(() => DebianBase.BuildAsync("static",
            new DebianBaseOptions { LockPath = lockPath, CacheRoot = copy.CacheRoot, Offline = true }, Ct));
        Assert.Contains("tzdata", e.Message, StringComparison.Ordinal);
        Assert.Contains("not in the cache", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_cache_entry_is_detected_and_fetched_again()
    {
        using var copy = mirror.Copy();
        var result = await DebianBase.BuildAsync("static", copy.Options(), Ct);
        var netbase = result.Lock.Packages.Single(p => p.Name == "netbase");
        var cached = Path.Combine(copy.CacheRoot, "debian", "sha256", netbase.Sha256);
        await File.WriteAllTextAsync(cached, "garbage", Ct);
        var before = copy.Requests.GetValueOrDefault(netbase.Filename);
        await DebianBase.BuildAsync("static", copy.Options() with { UseImageCache = false }, Ct);
        Assert.Equal(before + 1, copy.Requests[netbase.Filename]);
        Assert.Equal(netbase.Sha256, await DebianCache.HashFileAsync(cached, Ct));
    }

    [Fact]
    public async Task A_deb_directory_builds_offline_without_signatures()
    {
        mirror.Require();
        using var cache = new TempDir();
        var result = await DebianBase.BuildAsync("static", new DebianBaseOptions
        {
            DebDirectory = Path.Combine(mirror.Root, "pool", "main"),
            CacheRoot = cache.Path,
            Offline = true,
        }, Ct);
        Assert.Equal(5, result.Lock.Packages.Count);
        Assert.All(result.Lock.Packages, p => Assert.StartsWith("file:///", p.Url, StringComparison.Ordinal));
    }

    [Fact]
    public void The_cli_builds_from_an_explicit_mirror_with_an_explicit_keyring()
    {
        using var copy = mirror.Copy();
        using var dir = new TempDir();
        var ok = Run.Distill(["base", "static", "--mirror", copy.Url, "--suite", LocalMirror.Suite, "--component", "main",
            "--keyring", copy.Keyring, "--add", "distill-virtual-user", "-o", $"oci:{dir["out"]}:s"], dir.Path, cache: copy.CacheRoot).AssertSuccess("distill base --mirror");
        Assert.Contains("static (amd64): 7 packages, 3 layers", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("distill-virtual-user", File.ReadAllText(dir[LockFile.DefaultName]), StringComparison.Ordinal);
        var untrusted = Run.Distill(["base", "static", "--mirror", copy.Url, "--suite", LocalMirror.Suite, "--keyring", "/dev/null",
            "-o", $"oci:{dir["out2"]}"], dir.Path, cache: copy.CacheRoot);
        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains("error DST061", untrusted.Stderr, StringComparison.Ordinal);
        var missing = Run.Distill(["base", "static", "--mirror", copy.Url, "--suite", LocalMirror.Suite, "--keyring", copy.Keyring,
            "--add", "distill-top", "-o", $"oci:{dir["out3"]}"], dir.Path, cache: copy.CacheRoot);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error DST062: cannot satisfy 'distill-missing | distill-also-missing' (needed by distill-top -> distill-middle)", missing.Stderr, StringComparison.Ordinal);
    }
}
