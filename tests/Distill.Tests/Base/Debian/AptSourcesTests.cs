using Distill.Base.Debian;
using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

public sealed class AptSourcesTests
{
    [Fact]
    public void One_line_format_reads_options_and_skips_deb_src_and_comments()
    {
        var sources = AptSources.ParseOneLine(
            "# comment\ndeb-src http://127.0.0.1/debian bookworm main\n" +
            "deb [arch=amd64,arm64 signed-by=/k/one.gpg] http://127.0.0.1/debian/ bookworm main contrib # trailing\n" +
            "deb http://127.0.0.1/security bookworm-security main\n", "sources.list");
        Assert.Equal(2, sources.Count);
        Assert.Equal("http://127.0.0.1/debian", sources[0].BaseUri);
        Assert.Equal(["main", "contrib"], sources[0].Components);
        Assert.Equal(["amd64", "arm64"], sources[0].Architectures!);
        Assert.Equal(["/k/one.gpg"], sources[0].SignedBy);
        Assert.Equal("sources.list:3", sources[0].Origin);
        Assert.False(sources[0].Serves("riscv64"));
        Assert.True(sources[1].Serves("riscv64"));
        Assert.Equal("http://127.0.0.1/debian/dists/bookworm/InRelease", sources[0].DistUrl("InRelease"));
    }

    [Fact]
    public void Deb822_expands_uris_and_suites_honours_enabled_and_inline_keys()
    {
        const string text = """
            Types: deb deb-src
            URIs: http://127.0.0.1/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/one.gpg

            Types: deb
            URIs: http://127.0.0.1/off
            Suites: bookworm
            Components: main
            Enabled: no

            Types: deb
            URIs: http://127.0.0.1/inline
            Suites: stable
            Components: main
            Signed-By:
             -----BEGIN PGP PUBLIC KEY BLOCK-----
             .
             mQINBF==
             -----END PGP PUBLIC KEY BLOCK-----
            """;
        var sources = AptSources.ParseDeb822(text, "debian.sources");
        Assert.Equal(["bookworm", "bookworm-updates", "stable"], sources.Select(s => s.Suite));
        Assert.Equal(["/usr/share/keyrings/one.gpg"], sources[0].SignedBy);
        Assert.Contains("BEGIN PGP PUBLIC KEY BLOCK", sources[2].InlineKey, StringComparison.Ordinal);
        Assert.Equal([sources[2].InlineKey!], DebianRepository.TrustedKeyrings(sources[2], "/nonexistent"));
    }

    [Fact]
    public void Load_reads_list_and_sources_files_in_order_and_ignores_other_suffixes()
    {
        using var dir = new TempDir();
        dir.Write("sources.list", "deb http://127.0.0.1/a one main\n");
        dir.Write("sources.list.d/b.sources", "Types: deb\nURIs: http://127.0.0.1/b\nSuites: two\nComponents: main\n");
        dir.Write("sources.list.d/c.list", "deb http://127.0.0.1/c three main\n");
        dir.Write("sources.list.d/d.list.disabled", "deb http://127.0.0.1/d four main\n");
        dir.Write("trusted.gpg.d/k1.asc", "x");
        dir.Write("trusted.gpg.d/k0.gpg", "x");
        dir.Write("trusted.gpg.d/readme.txt", "x");
        var sources = AptSources.Load(dir.Path);
        Assert.Equal(["one", "two", "three"], sources.Select(s => s.Suite));
        Assert.Equal([dir["trusted.gpg.d/k0.gpg"], dir["trusted.gpg.d/k1.asc"]], DebianRepository.TrustedKeyrings(sources[0], dir.Path));
    }

    [Theory]
    [InlineData("deb ftp://127.0.0.1/debian bookworm main")]
    [InlineData("deb http://127.0.0.1/debian ./")]
    [InlineData("deb http://127.0.0.1/debian bookworm")]
    [InlineData("deb http://127.0.0.1/debian")]
    public void Unsupported_or_incomplete_lines_fail_naming_the_file_and_line(string line)
    {
        var e = Assert.Throws<DistillException>(() => AptSources.ParseOneLine(line + "\n", "x.list"));
        Assert.Contains("x.list:1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_lists_sha256_entries_and_rejects_malformed_lines()
    {
        var release = ReleaseFile.Parse("Suite: stable\nCodename: bookworm\nAcquire-By-Hash: yes\nMD5Sum:\n 00 1 x\nSHA256:\n "
            + new string('A', 64) + " 12 main/binary-amd64/Packages\n", "Release");
        Assert.True(release.AcquireByHash);
        Assert.Equal(new string('a', 64), release.Sha256["main/binary-amd64/Packages"].Sha256);
        Assert.Equal(12, release.Sha256["main/binary-amd64/Packages"].Size);
        Assert.Throws<DistillException>(() => ReleaseFile.Parse("Suite: x\nSHA256:\n abc 12 file\n", "Release"));
        Assert.Throws<DistillException>(() => ReleaseFile.Parse("Suite: x\n", "Release"));
    }

    [Theory]
    [InlineData("", 500)]
    [InlineData("NotAutomatic: yes\n", 1)]
    [InlineData("NotAutomatic: yes\nButAutomaticUpgrades: yes\n", 100)]
    [InlineData("NotAutomatic: no\nButAutomaticUpgrades: yes\n", 500)]
    public void Release_flags_give_apts_default_pin_priority(string flags, int priority)
    {
        var release = ReleaseFile.Parse("Suite: bookworm-backports\n" + flags + "SHA256:\n " + new string('a', 64) + " 12 main/binary-amd64/Packages\n", "Release");
        Assert.Equal(priority, release.PinPriority);
    }

    [Theory]
    [InlineData("[GNUPG:] NEWSIG\n[GNUPG:] GOODSIG K name\n[GNUPG:] VALIDSIG F 2026-01-01 1 0 4 0 1 8 01 F\n", null)]
    [InlineData("[GNUPG:] BADSIG K name\n", "BAD signature")]
    [InlineData("[GNUPG:] ERRSIG K 1 8 01 1 9 F\n[GNUPG:] NO_PUBKEY K\n", "signed by key K, which is not in the keyring")]
    [InlineData("[GNUPG:] EXPKEYSIG K name\n[GNUPG:] VALIDSIG F 2026-01-01 1 0 4 0 1 8 01 F\n", "expired")]
    [InlineData("[GNUPG:] GOODSIG K name\n[GNUPG:] VALIDSIG F 2026-01-01 1 0 4 0 1 2 01 F\n", "weak hash")]
    [InlineData("[GNUPG:] NODATA 1\n", "holds no signature")]
    public void Gpgv_status_is_judged_like_apt(string status, string? failure)
    {
        if (failure is null)
        {
            Gpgv.Judge(status, "", "InRelease");
            return;
        }
        var e = Assert.Throws<DistillException>(() => Gpgv.Judge(status, "", "InRelease"));
        Assert.Equal(ErrorCode.DebianSignature, e.Code);
        Assert.Contains(failure, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dearmor_matches_gpg_dearmor()
    {
        var gpg = Tools.Require("gpg");
        var armored = Directory.GetFiles("/etc/apt/trusted.gpg.d", "*.asc").FirstOrDefault();
        if (armored is null)
        {
            Assert.Skip("no armored keyring under /etc/apt/trusted.gpg.d");
        }
        using var dir = new TempDir();
        Run.Process(gpg, ["--batch", "--yes", "--output", dir["key.gpg"], "--dearmor", armored], stdin: "").AssertSuccess("gpg --dearmor");
        Assert.Equal(File.ReadAllBytes(dir["key.gpg"]), Gpgv.Dearmor(File.ReadAllText(armored)));
    }
}
