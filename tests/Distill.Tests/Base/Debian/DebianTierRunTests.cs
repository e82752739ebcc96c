using Distill.Base.Debian;
using Distill.Images;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;
using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

/// <summary>
/// Each tier, built from the machine's configured mirror, runs the kind of program it exists for
/// under runc: a static binary on static, a dynamic C++ binary on cc, <c>java -jar</c> on java17, a
/// node script on nodejs and a python script on python3, each also checking its TLS trust store;
/// <c>distill verify</c> passes on each image first.
/// </summary>
public sealed class DebianTierRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Static_runs_a_static_binary_as_nonroot()
    {
        var binary = Artifacts.MuslStaticHello;
        var result = await DebianMirrorTests.BuildAsync("static", nonRoot: true);
        var run = await RunAsync(result.Image, [("app/hello", binary, LayerEntry.ExecutableMode)], ["/app/hello"], null);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello from Distill", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("65532", result.Image.Config.Config.User);
        Assert.Equal("/home/nonroot", result.Image.Config.Config.WorkingDir);
    }

    [Fact]
    public async Task Cc_runs_a_dynamic_cpp_binary()
    {
        var gxx = Tools.Require("g++");
        using var dir = new TempDir();
        var source = dir.Write("hello.cpp", "#include <iostream>\n#include <thread>\nint main() { std::thread t([] { std::cout << \"hello from c++\" << std::endl; }); t.join(); }\n");
        Run.Process(gxx, ["-O2", "-pthread", "-o", dir["hello"], source]).AssertSuccess("g++");
        var result = await DebianMirrorTests.BuildAsync("cc");
        var run = await RunAsync(result.Image, [("app/hello", dir["hello"], LayerEntry.ExecutableMode)], ["/app/hello"], null);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hello from c++", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Java17_runs_a_jar_and_trusts_the_generated_keystore()
    {
        var javac = Tools.Require("javac");
        var jar = Tools.Require("jar");
        using var dir = new TempDir();
        dir.Write("Hello.java", """
            import javax.net.ssl.*;
            import java.security.KeyStore;
            public class Hello {
                public static void main(String[] args) throws Exception {
                    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    f.init((KeyStore) null);
                    int n = ((X509TrustManager) f.getTrustManagers()[0]).getAcceptedIssuers().length;
                    System.out.println("hello from java " + System.getProperty("java.version") + " trusting " + n);
                }
            }
            """);
        Run.Process(javac, ["--release", "17", "-d", dir["classes"], dir["Hello.java"]]).AssertSuccess("javac");
        Run.Process(jar, ["--create", "--file", dir["hello.jar"], "--main-class", "Hello", "-C", dir["classes"], "."]).AssertSuccess("jar");
        var result = await DebianMirrorTests.BuildAsync("java17");
        Assert.Equal(["/usr/bin/java", "-jar"], result.Image.Config.Config.Entrypoint);
        var run = await RunAsync(result.Image, [("app/hello.jar", dir["hello.jar"], LayerEntry.RegularMode)], null, ["/app/hello.jar"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"hello from java 17\.\S+ trusting (\d{3})", run.Stdout);
    }

    [Fact]
    public async Task Nodejs_runs_a_script()
    {
        using var dir = new TempDir();
        var script = dir.Write("hello.js", "const tls = require('tls');\nconsole.log(`hello from node ${process.version} with ${tls.rootCertificates.length} roots`);\n");
        var result = await DebianMirrorTests.BuildAsync("nodejs");
        var run = await RunAsync(result.Image, [("app/hello.js", script, LayerEntry.RegularMode)], null, ["/app/hello.js"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"hello from node v\d+\.\S+ with \d{3} roots", run.Stdout);
    }

    [Fact]
    public async Task Python3_runs_a_script_with_ssl_and_sqlite()
    {
        using var dir = new TempDir();
        var script = dir.Write("hello.py", """
            import ssl, sqlite3, json, sys
            ctx = ssl.create_default_context()
            print("hello from python", sys.version.split()[0], "with", ctx.cert_store_stats()["x509_ca"], "roots", sqlite3.sqlite_version)
            """);
        var result = await DebianMirrorTests.BuildAsync("python3");
        var run = await RunAsync(result.Image, [("app/hello.py", script, LayerEntry.RegularMode)], null, ["/app/hello.py"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"hello from python 3\.\d+\.\d+ with \d{3} roots", run.Stdout);
    }

    /// <summary>Puts files on top of a tier, writes an OCI layout and runs it under runc.</summary>
    internal static async Task<ProcessOutcome> RunAsync(IImage tier, IReadOnlyList<(string Path, string Source, UnixFileMode Mode)> files, IReadOnlyList<string>? entrypoint, IReadOnlyList<string>? cmd)
    {
        Tools.Require("umoci");
        Tools.Require("runc");
        Tools.RequireRoot();
        using var dir = new TempDir();
        var plan = new LayerPlan();
        foreach (var (path, source, mode) in files)
        {
            plan.Add(LayerEntry.FromFile(path, source, mode, new FileInfo(source).Length));
        }
        var layer = await LayerWriter.WriteAsync(plan, new LayerOptions { UseCache = false }, new BlobStore(dir["blobs"]), Ct);
        IImage image = ImageAssembler.Append(tier, layer, new HistoryEntry { CreatedBy = "test app" });
        image = ImageAssembler.WithConfig(image, c => c with { Entrypoint = entrypoint ?? c.Entrypoint, Cmd = cmd });
        var location = ImageLocation.Parse($"oci:{dir["layout"]}:app");
        await Transports.CreateSink(location).WriteAsync(ImageSerializer.Serialize(image), Ct);
        // distill verify's static checks (entrypoint, loader, libraries, user, /tmp) must agree with runc.
        var report = await Containerize.VerifyAsync(location, null, Ct);
        Assert.True(report.WillStart, string.Join("\n", report.Findings.Select(f => $"{f.Severity} {f.Check} {f.Message}")));
        return Runc.RunImage($"{dir["layout"]}:app");
    }
}
