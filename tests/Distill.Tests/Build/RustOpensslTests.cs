using Distill.Build;
using Distill.Detect;
using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>
/// KNOWLEDGE §2: Rust's musl builds break on openssl-sys. A crate graph with openssl-sys (and not its
/// vendored openssl-src) is built for glibc with +crt-static, which links OpenSSL statically.
/// </summary>
public sealed class RustOpensslTests
{
    private const string LockWithOpenssl = "version = 3\n\n[[package]]\nname = \"openssl\"\nversion = \"0.10.45\"\n\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.80\"\n";

    [Theory]
    [InlineData(LockWithOpenssl, true)]
    [InlineData(LockWithOpenssl + "\n[[package]]\nname = \"openssl-src\"\nversion = \"300.0.0\"\n", false)]
    [InlineData("version = 3\n\n[[package]]\nname = \"rustls\"\nversion = \"0.23.0\"\n", false)]
    public void OpensslSys_without_the_vendored_source_is_noticed_and_the_recipe_is_glibc_crt_static(string cargoLock, bool noticed)
    {
        using var dir = new TempDir();
        dir.Write("Cargo.toml", "[package]\nname = \"tls\"\nversion = \"0.1.0\"\n");
        dir.Write("Cargo.lock", cargoLock);
        var project = ProjectDetector.Detect(dir.Path);
        Assert.Equal(noticed, project.Fact(RustDetector.OpensslFact) is not null);
        var recipe = new RustBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        if (noticed)
        {
            Assert.Equal("crt-static", recipe.Name);
            Assert.Contains("openssl-sys", recipe.Reason, StringComparison.Ordinal);
            Assert.Contains("--target x86_64-unknown-linux-gnu", string.Join(' ', Assert.Single(recipe.Steps).Args), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_rust_app_using_OpenSSL_builds_static_and_runs_on_the_static_base()
    {
        Testing.Tools.Require("cargo");
        const string registry = "/usr/share/cargo/registry";
        if (!Directory.Exists(registry) || !Directory.EnumerateDirectories(registry, "openssl-0.10*").Any())
        {
            Testing.Tools.Require("librust-openssl-dev (Debian's openssl crate in /usr/share/cargo/registry)");
        }
        using var dir = new TempDir();
        dir.Write("app/Cargo.toml", "[package]\nname = \"hello-tls\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nopenssl = \"0.10\"\n");
        dir.Write("app/src/main.rs", "fn main() {\n    println!(\"hello from rust with {}\", openssl::version::version());\n}\n");
        // Crates come from Debian's packaged registry, offline (tests reach no crate registry).
        dir.Write("app/.cargo/config.toml", $"[source.crates-io]\nreplace-with = \"debian\"\n\n[source.debian]\ndirectory = \"{registry}\"\n\n[net]\noffline = true\n");
        BuildProof.BuildVerifyRun(dir["app"], dir, "crt-static", "static", "hello from rust with OpenSSL 3");
    }
}
