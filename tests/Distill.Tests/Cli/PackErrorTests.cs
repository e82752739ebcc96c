using System.Security.Cryptography;
using Distill.Tests.Testing;

namespace Distill.Tests.Cli;

/// <summary>Issue 2 item 8: each bad input gives one clear line, the right exit code, and leaves the previous output intact.</summary>
public sealed class PackErrorTests
{
    private static readonly string App = Repo.Path("tests/fixtures/golden/app/bin/hello");

    private static string Hash(string layout) => string.Join('\n',
        Directory.EnumerateFiles(layout, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));

    private static void AssertOneLineError(ProcessOutcome outcome, int exitCode, string code, string mention)
    {
        Assert.Equal(exitCode, outcome.ExitCode);
        var lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + outcome.Stderr);
        Assert.StartsWith($"distill: error {code}: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mention, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Output, StringComparison.Ordinal);
    }

    private static List<(string What, string[] Args, string? Epoch, int Exit, string Code, string Mention)> Cases(string root) =>
    [
        ("missing input", ["pack", $"{root}/nope", "-o", $"oci:{root}/layout:v1"], null, 1, "DST002", $"{root}/nope"),
        ("escaping symlink", ["pack", $"{root}/escaping", "--entrypoint", "/app/x", "-o", $"oci:{root}/layout:v1"], null, 1, "DST004", "secrets"),
        ("output under a file", ["pack", App, "--base", "static", "-o", $"oci:{root}/afile/sub"], null, 1, "DST005", "afile"),
        ("output is a foreign directory", ["pack", App, "--base", "static", "-o", $"oci:{root}/foreign"], null, 1, "DST005", "not an OCI layout"),
        ("bad SOURCE_DATE_EPOCH", ["pack", App, "--base", "static", "-o", $"oci:{root}/layout:v1"], "yesterday", 2, "DST006", "yesterday"),
        ("negative SOURCE_DATE_EPOCH", ["pack", App, "--base", "static", "-o", $"oci:{root}/layout:v1"], "-5", 2, "DST006", "-5"),
        ("unknown transport", ["pack", App, "--base", "static", "-o", "dir:/tmp/x"], null, 2, "DST007", "unknown transport 'dir'"),
        ("no transport", ["pack", App, "--base", "static", "-o", "out"], null, 2, "DST007", "oci:out"),
        ("bad tag", ["pack", App, "--base", "static", "-o", $"oci:{root}/layout:bad/tag"], null, 2, "DST007", "bad/tag"),
        ("bad platform", ["pack", App, "--base", "static", "--platform", "linux", "-o", $"oci:{root}/layout:v1"], null, 2, "DST001", "linux"),
        ("bad env", ["pack", App, "--base", "static", "-e", "NOEQUALS", "-o", $"oci:{root}/layout:v1"], null, 2, "DST001", "NOEQUALS"),
    ];

    [Fact]
    public void EveryBadInput_OneLine_RightExitCode_PreviousOutputIntact()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", App, "--base", "static", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("first pack");
        var before = Hash(dir["layout"]);
        dir.Write("escaping/x", "x", (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(dir["escaping/link"], "../../secrets");
        dir.Write("afile", "not a directory");
        dir.Write("foreign/notes.txt", "someone's files");
        foreach (var (what, args, epoch, exit, code, mention) in Cases(dir.Path))
        {
            var outcome = Run.Distill(args, env: new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch });
            try
            {
                AssertOneLineError(outcome, exit, code, mention);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case '{what}': {e.Message}");
            }
            Assert.Equal(before, Hash(dir["layout"]));
        }
        Assert.Equal("someone's files", File.ReadAllText(dir["foreign/notes.txt"]));
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(dir["foreign"]).Select(Path.GetFileName));
    }

    [Fact]
    public void MissingOutput_IsAUsageError()
    {
        var outcome = Run.Distill(["pack", App, "--base", "static"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--output", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void KilledMidWrite_PreviousLayoutIntact_NoPartialBlobUnderAFinalName()
    {
        using var dir = new TempDir();
        Run.Distill(["pack", App, "--base", "static", "-o", $"oci:{dir["layout"]}:v1"]).AssertSuccess("first pack");
        var indexBefore = File.ReadAllBytes(dir["layout/index.json"]);
        // 96 MiB that do not compress: the second pack takes long enough to be killed while writing.
        var big = dir["big/payload"];
        Directory.CreateDirectory(dir["big"]);
        var random = new byte[1 << 20];
        using (var f = File.Create(big))
        {
            var rng = new Random(7);
            for (var i = 0; i < 96; i++)
            {
                rng.NextBytes(random);
                f.Write(random);
            }
        }
        File.SetUnixFileMode(big, (UnixFileMode)0b111_101_101);
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Run.DistillDll, "pack", dir["big"], "--base", "static", "--entrypoint", "/app/payload", "--no-cache", "-o", $"oci:{dir["layout"]}:v2" })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DISTILL_CACHE"] = dir["cache"];
        using var process = System.Diagnostics.Process.Start(psi)!;
        // Kill as soon as it is writing (a temp blob exists), or after a few seconds at most.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited
               && !(Directory.Exists(dir["cache"]) && Directory.EnumerateFiles(dir["cache"], ".tmp-*", SearchOption.AllDirectories).Any()))
        {
            Thread.Sleep(10);
        }
        Thread.Sleep(200);
        var killedWhileRunning = !process.HasExited;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();

        Assert.True(killedWhileRunning, "the pack finished before it could be killed; the test did not exercise an interruption");
        Assert.Equal(indexBefore, File.ReadAllBytes(dir["layout/index.json"]));
        foreach (var blob in Directory.EnumerateFiles(dir["layout/blobs/sha256"]).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            Assert.Equal(Path.GetFileName(blob), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(blob))));
        }
        var skopeo = Tools.Require("skopeo");
        Run.Process(skopeo, ["inspect", $"oci:{dir["layout"]}:v1"]).AssertSuccess("skopeo inspect after the kill");
    }
}
