using System.Text.Json;
using Distill.Publish;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary><c>distill copy</c> and <c>distill inspect</c> as a user runs them: a separate process, stdin, exit codes.</summary>
public sealed class CopyInspectCliTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private string Host => fixture.Server.Host;

    private static ProcessOutcome Distill(string? stdin, params string[] args) =>
        Run.Process("dotnet", [Run.DistillDll, .. args], env: new Dictionary<string, string?> { ["DISTILL_CACHE"] = Path.Combine(Path.GetTempPath(), "distill-cli-cache"), ["DOCKER_CONFIG"] = "/nonexistent", ["REGISTRY_AUTH_FILE"] = null, ["XDG_RUNTIME_DIR"] = null }, stdin: stdin);

    [Fact]
    public async Task Copy_ThroughEveryTransport_KeepsTheDigest_AndPrintsThePinnedReference()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 2, seed: 71);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["a"]}:v1")).WriteAsync(image, Ct);
        var digest = image.Manifest.Digest.ToString();

        var push = Distill(null, "copy", $"oci:{dir["a"]}:v1", $"docker://{Host}/cli/app:v1", "--digest-file", dir["digest.txt"]).AssertSuccess("copy to registry");
        Assert.Contains($"{Host}/cli/app@{digest}", push.Stdout, StringComparison.Ordinal);
        Assert.Equal(digest, (await File.ReadAllTextAsync(dir["digest.txt"], Ct)).Trim());
        Assert.Equal(digest, SkopeoRawDigest($"{Host}/cli/app:v1", "--tls-verify=false"));

        Distill(null, "copy", $"docker://{Host}/cli/app:v1", $"oci-archive:{dir["b.tar"]}:v1").AssertSuccess("copy to oci-archive");
        var quiet = Distill(null, "copy", "-q", $"oci-archive:{dir["b.tar"]}:v1", $"oci:{dir["c"]}:v1").AssertSuccess("copy to layout");
        Assert.Equal(digest, quiet.Stdout.Trim());
        Distill(null, "copy", $"oci:{dir["c"]}:v1", $"docker://{Host}/cli/again@{digest}").AssertSuccess("copy by digest");
        Assert.Equal(digest, SkopeoRawDigest($"{Host}/cli/again@{digest}", "--tls-verify=false"));
    }

    [Fact]
    public async Task Inspect_ShowsConfigLayersSizesAndPlatforms()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 2, seed: 72);
        await PushAsync(image, $"{Host}/cli/inspect:1", Options());
        var json = Distill(null, "inspect", "--json", $"docker://{Host}/cli/inspect:1").AssertSuccess("inspect --json");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(image.Manifest.Digest.ToString(), doc.RootElement.GetProperty("digest").GetString());
        var layers = doc.RootElement.GetProperty("image").GetProperty("layers");
        Assert.Equal(image.Layers.Select(l => l.Descriptor.Size), layers.EnumerateArray().Select(l => l.GetProperty("size").GetInt64()));
        Assert.Equal(image.Manifest.Size + image.Config.Size + image.Layers.Sum(l => l.Descriptor.Size), doc.RootElement.GetProperty("totalSize").GetInt64());
        Assert.Equal("/data/run", doc.RootElement.GetProperty("image").GetProperty("config").GetProperty("config").GetProperty("Entrypoint")[0].GetString());

        var index = await TestImages.CreateIndexAsync(dir["index"]);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["idx"]}:m")).WriteAsync(index, Ct);
        var text = Distill(null, "inspect", $"oci:{dir["idx"]}:m").AssertSuccess("inspect index");
        Assert.Contains("linux/amd64", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", text.Stdout, StringComparison.Ordinal);
        Assert.Contains(index.Index.Digest.ToString(), text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Total size", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creds_PasswordComesFromStdin_NeverFromTheCommandLine()
    {
        await using var server = await RegistryServer.StartAsync(RegistryAuthMode.Htpasswd);
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, seed: 73);
        await new OciLayoutSink(ImageLocation.Parse($"oci:{dir["a"]}:v1")).WriteAsync(image, Ct);

        var refused = Distill(null, "copy", "--dest-creds", $"{RegistryServer.User}:{RegistryServer.Password}", $"oci:{dir["a"]}:v1", $"docker://{server.Host}/cli/auth:v1");
        Assert.Equal(2, refused.ExitCode);
        Assert.DoesNotContain(RegistryServer.Password, refused.Output, StringComparison.Ordinal);

        Distill(RegistryServer.Password + "\n", "copy", "--dest-creds", RegistryServer.User, $"oci:{dir["a"]}:v1", $"docker://{server.Host}/cli/auth:v1").AssertSuccess("copy with --dest-creds");
        var inspect = Distill(RegistryServer.Password + "\n", "inspect", "--creds", RegistryServer.User, $"docker://{server.Host}/cli/auth:v1").AssertSuccess("inspect with --creds");
        Assert.Contains(image.Manifest.Digest.ToString(), inspect.Stdout, StringComparison.Ordinal);

        var denied = Distill(null, "inspect", "-v", $"docker://{server.Host}/cli/auth:v1");
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("DST041", denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_MissingImageOrBadReference_FailsWithOneLine()
    {
        var missing = Distill(null, "copy", $"docker://{Host}/cli/none:nope", "oci:/tmp/distill-never-written:x");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("DST013", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/tmp/distill-never-written"));

        var bad = Distill(null, "inspect", "docker://Host.invalid/App:1");
        Assert.Equal(2, bad.ExitCode);
    }
}
