using Distill.Cli;
using Distill.Oci;
using Distill.Publish.Registry;
using Distill.Tests.Testing;
using static Distill.Tests.Publish.Registry.RegistryTestSupport;

namespace Distill.Tests.Publish.Registry;

/// <summary>The per-blob progress bars a push draws on a terminal.</summary>
public sealed class ProgressDisplayTests
{
    [Fact]
    public async Task Push_ReportsEveryBlob_AndTheDisplayDrawsOneBarEach()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 2, layerBytes: 300_000, seed: 81);
        var fake = new FakeRegistry();
        fake.PutBlob("app", image.ConfigJson.ToArray()); // already there: shown as "exists"
        var output = new StringWriter();
        using (var display = new ProgressDisplay(output))
        {
            await PushAsync(image, $"{FakeRegistry.Host}/app:1", Options(fake) with { Progress = display });
        }
        var text = output.ToString();
        foreach (var layer in image.Layers)
        {
            Assert.Contains($"{layer.Descriptor.Digest.Short} [{new string('=', 24)}]", text, StringComparison.Ordinal);
        }
        Assert.Contains($"{image.Config.Digest.Short} [{new string('=', 24)}]", text, StringComparison.Ordinal);
        Assert.Contains("exists", text, StringComparison.Ordinal);
        var lastFrame = text[text.LastIndexOf("A\r\u001b[2K", StringComparison.Ordinal)..];
        Assert.Equal(3, lastFrame.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Display_ShowsPartialProgress()
    {
        var output = new StringWriter();
        var digest = Digest.Sha256("x"u8);
        var display = new ProgressDisplay(output);
        display.Report(new BlobProgress(digest, 512, 1024, Upload: true));
        Assert.Contains("50", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{digest.Short} [{new string('=', 12)}{new string(' ', 12)}]", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ReportsDownloadProgress_UpToTheBlobSize()
    {
        using var dir = new TempDir();
        var image = await TestImages.CreateAsync(dir.Path, layers: 1, layerBytes: 200_000, seed: 82);
        var fake = new FakeRegistry();
        await fake.SeedAsync(image, "app", "1");
        var reports = new System.Collections.Concurrent.ConcurrentQueue<BlobProgress>();
        var pulled = await PullAsync($"{FakeRegistry.Host}/app:1", Options(fake) with { Progress = new SyncProgress(reports.Enqueue) });
        await using (var s = await pulled.Images[0].Layers[0].OpenBlobAsync(Ct))
        {
            await s.CopyToAsync(Stream.Null, Ct);
        }
        var layer = image.Layers[0].Descriptor;
        Assert.Contains(reports, r => !r.Upload && r.Digest == layer.Digest && r.Done == layer.Size);
    }

    private sealed class SyncProgress(Action<BlobProgress> report) : IProgress<BlobProgress>
    {
        public void Report(BlobProgress value) => report(value);
    }
}
