using System.Security.Cryptography;
using Distill.Oci;
using Distill.Tests.Testing;

namespace Distill.Tests.Cli;

/// <summary>RELIABILITY C.3 T-R1..T-R3: same inputs, byte-identical image; a golden digest guards it.</summary>
public sealed class ReproducibilityTests
{
    private static readonly string GoldenApp = Repo.Path("tests/fixtures/golden/app");
    private static readonly string GoldenEssentials = Repo.Path("tests/fixtures/golden/essentials-root");
    private static readonly string GoldenFile = Repo.Path("tests/fixtures/golden/digests.txt");

    private static Dictionary<string, string> LayoutFiles(string layout) =>
        Directory.EnumerateFiles(layout, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .ToDictionary(f => Path.GetRelativePath(layout, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>Copies the fixture with a different umask, creation order and mtimes.</summary>
    private static void CopyDisturbed(string source, string target, string umask, string mtime, bool reverse)
    {
        var script = $"umask {umask} && mkdir -p '{target}' && cd '{source}' && " +
            $"find . -mindepth 1 | sort {(reverse ? "-r" : "")} | while read -r p; do " +
            $"if [ -L \"$p\" ]; then mkdir -p \"$(dirname '{target}'/\"$p\")\"; cp -P \"$p\" '{target}'/\"$p\"; " +
            $"elif [ -d \"$p\" ]; then mkdir -p '{target}'/\"$p\"; " +
            $"else mkdir -p \"$(dirname '{target}'/\"$p\")\"; cp \"$p\" '{target}'/\"$p\"; fi; done && " +
            $"find '{target}' -exec touch -h -d '{mtime}' {{}} +";
        Run.Process("/bin/sh", ["-c", script]).AssertSuccess("copy fixture");
    }

    [Fact]
    public void SameInputs_DifferentHostConditions_ByteIdenticalLayouts()
    {
        using var dir = new TempDir();
        CopyDisturbed(GoldenApp, dir["a/app"], "022", "2001-01-01 00:00", reverse: false);
        CopyDisturbed(GoldenApp, dir["b/app"], "077", "2024-06-30 12:34", reverse: true);
        var env = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        Run.Distill(["pack", dir["a/app"], "--base", "static", "--essentials-root", GoldenEssentials, "--entrypoint", "/app/bin/hello", "-o", $"oci:{dir["a/out"]}:v1"],
            env: new Dictionary<string, string?>(env) { ["TZ"] = "UTC", ["LANG"] = "C.UTF-8" }, cache: dir["a/cache"]).AssertSuccess("pack a");
        Run.Distill(["pack", dir["b/app"], "--base", "static", "--essentials-root", GoldenEssentials, "--entrypoint", "/app/bin/hello", "-o", $"oci:{dir["b/out"]}:v1"],
            env: new Dictionary<string, string?>(env) { ["TZ"] = "Asia/Tokyo", ["LANG"] = "tr_TR.UTF-8", ["DOTNET_PROCESSOR_COUNT"] = "1" }, cache: dir["b/cache"]).AssertSuccess("pack b");
        var a = LayoutFiles(dir["a/out"]);
        Assert.Equal(a, LayoutFiles(dir["b/out"]));
        Assert.True(a.Count >= 6, "layout holds oci-layout, index.json and at least 4 blobs");
    }

    [Fact]
    public void SourceDateEpoch_SetsCreatedAndEveryMtime()
    {
        using var dir = new TempDir();
        foreach (var (epoch, created) in new[] { ((string?)null, "1970-01-01T00:00:00Z"), ("0", "1970-01-01T00:00:00Z"), ("1700000000", "2023-11-14T22:13:20Z") })
        {
            var layout = dir[$"out-{epoch ?? "unset"}"];
            Run.Distill(["pack", GoldenApp, "--base", "static", "--essentials-root", GoldenEssentials, "--entrypoint", "/app/bin/hello", "--compression", "none", "-o", $"oci:{layout}"],
                env: new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch }).AssertSuccess("pack");
            var index = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
            var manifest = ImageManifest.Parse(File.ReadAllBytes(Path.Combine(layout, "blobs/sha256", index.Manifests[0].Digest.Hex)));
            var config = ImageConfig.Parse(File.ReadAllBytes(Path.Combine(layout, "blobs/sha256", manifest.Config.Digest.Hex)));
            Assert.Equal(created, config.Created);
            Assert.All(config.History, h => Assert.Equal(created, h.Created));
            var expected = DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var layer in manifest.Layers)
            {
                using var reader = new System.Formats.Tar.TarReader(File.OpenRead(Path.Combine(layout, "blobs/sha256", layer.Digest.Hex)));
                while (reader.GetNextEntry() is { } entry)
                {
                    Assert.Equal(expected, entry.ModificationTime);
                }
            }
        }
    }

    /// <summary>
    /// The golden image: uncompressed layers make every byte portable, so its manifest digest is fixed;
    /// the gzip image's config (which lists the diffIDs) is fixed too. Regenerate deliberately with
    /// DISTILL_UPDATE_GOLDEN=1 when the image format changes on purpose.
    /// </summary>
    [Fact]
    public void GoldenFixture_HasTheCheckedInDigests()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        string[] common = ["pack", GoldenApp, "--base", "static", "--essentials-root", GoldenEssentials, "--entrypoint", "/app/bin/hello", "--label", "org.example=golden", "--json"];
        var plain = Run.Distill([.. common, "--compression", "none", "-o", $"oci:{dir["plain"]}:golden"], env: env).AssertSuccess("pack plain");
        var gzip = Run.Distill([.. common, "-o", $"oci:{dir["gzip"]}:golden"], env: env).AssertSuccess("pack gzip");
        var manifestDigest = System.Text.Json.JsonDocument.Parse(plain.Stdout).RootElement.GetProperty("digest").GetString()!;
        var gzipIndex = ImageIndex.Parse(File.ReadAllBytes(dir["gzip/index.json"]));
        var gzipManifest = ImageManifest.Parse(File.ReadAllBytes(dir[$"gzip/blobs/sha256/{gzipIndex.Manifests[0].Digest.Hex}"]));
        var actual = $"uncompressed-manifest {manifestDigest}\ngzip-config {gzipManifest.Config.Digest}\n";
        if (Environment.GetEnvironmentVariable("DISTILL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(GoldenFile, actual);
        }
        Assert.Equal(File.ReadAllText(GoldenFile), actual);
    }
}
