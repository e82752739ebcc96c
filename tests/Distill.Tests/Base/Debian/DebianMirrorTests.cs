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
}
