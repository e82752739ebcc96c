using System.Text;
using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>
/// Writes into an OCI image layout directory (<c>oci:DIR[:TAG]</c>). Blobs are copied to temp files,
/// verified and renamed; <c>index.json</c> is replaced last and atomically, keeping the other tags
/// of the layout; a lock file serializes concurrent writers (RELIABILITY B5-01..B5-08).
/// </summary>
public sealed class OciLayoutSink(ImageLocation location) : IImageSink
{
    internal const string LayoutFile = "oci-layout";
    internal const string IndexFile = "index.json";
    internal static readonly byte[] LayoutJson = Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}");

    public ImageLocation Location { get; } = location;

    public async Task<PublishResult> WriteAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var directory = Path.GetFullPath(Location.Path);
        var tag = Location.Reference ?? ImageLocation.DefaultTag;
        PrepareDirectory(directory, Location.Text);
        await using var layoutLock = await LayoutLock.AcquireAsync(directory, cancellationToken).ConfigureAwait(false);

        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        await Parallel.ForEachAsync(
            ArtifactBlobs.Enumerate(artifact),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (blob, ct) => await WriteBlobAsync(blobs, blob, ct).ConfigureAwait(false)).ConfigureAwait(false);

        if (!File.Exists(Path.Combine(directory, LayoutFile)))
        {
            await AtomicFile.WriteAllBytesAsync(Path.Combine(directory, LayoutFile), LayoutJson, cancellationToken).ConfigureAwait(false);
        }
        var index = ReadIndex(directory, Location.Text);
        var entries = index.Manifests.Where(m => m.RefName != tag).ToList();
        entries.Add(artifact.Root with
        {
            Annotations = new SortedDictionary<string, string>(Utf8Ordinal.Instance) { [AnnotationKeys.RefName] = tag },
            Platform = null,
        });
        var updated = new ImageIndex(MediaTypes.OciIndex, entries) { Annotations = index.Annotations };
        await AtomicFile.WriteAllBytesAsync(Path.Combine(directory, IndexFile), updated.ToJson(), cancellationToken).ConfigureAwait(false);
        return new PublishResult($"oci:{Location.Path}:{tag}", artifact.Root.Digest, artifact.Root.Size);
    }

    /// <summary>Creates the directory, or checks that an existing one is empty or already a layout.</summary>
    internal static void PrepareDirectory(string directory, string what)
    {
        try
        {
            if (File.Exists(directory))
            {
                throw new DistillException(ErrorCode.OutputNotWritable, $"'{what}': '{directory}' is a file, not a directory");
            }
            if (Directory.Exists(directory))
            {
                var layoutFile = Path.Combine(directory, LayoutFile);
                if (File.Exists(layoutFile))
                {
                    CheckLayoutVersion(layoutFile, what);
                }
                else if (Directory.EnumerateFileSystemEntries(directory).Any(e => Path.GetFileName(e) != LayoutLock.FileName))
                {
                    throw new DistillException(ErrorCode.OutputNotWritable,
                        $"'{what}': '{directory}' is not empty and not an OCI layout; refusing to write into it");
                }
            }
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.OutputNotWritable, $"'{what}': cannot create '{directory}': {e.Message}", e);
        }
    }

    private static void CheckLayoutVersion(string layoutFile, string what)
    {
        try
        {
            using var doc = OciJson.Parse(File.ReadAllBytes(layoutFile), "oci-layout");
            var version = doc.RootElement.TryGetProperty("imageLayoutVersion", out var v) ? v.GetString() : null;
            if (version != "1.0.0")
            {
                throw new DistillException(ErrorCode.InvalidImage, $"'{what}': unsupported imageLayoutVersion '{version}'");
            }
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}': malformed oci-layout file: {e.Message}", e);
        }
    }

    /// <summary>The layout's current index, or an empty one.</summary>
    internal static ImageIndex ReadIndex(string directory, string what)
    {
        var path = Path.Combine(directory, IndexFile);
        if (!File.Exists(path))
        {
            return new ImageIndex(MediaTypes.OciIndex, []);
        }
        try
        {
            return ImageIndex.Parse(File.ReadAllBytes(path), MediaTypes.OciIndex);
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}': its index.json is malformed ({e.Message}); refusing to replace it", e);
        }
    }

    private async Task WriteBlobAsync(string blobs, BlobSource blob, CancellationToken cancellationToken)
    {
        var target = Path.Combine(blobs, blob.Descriptor.Digest.Hex);
        if (await Layers.BlobStore.FileMatchesAsync(target, blob.Descriptor.Digest, blob.Descriptor.Size, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var temp = Path.Combine(blobs, $".tmp-{Guid.NewGuid():N}");
        try
        {
            if (blob.TrustedLocalFile is { } local && new FileInfo(local).Length == blob.Descriptor.Size)
            {
                // Our own freshly hashed blob: let the kernel copy it (copy_file_range / reflink).
                File.Copy(local, temp);
                using (var copied = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
                {
                    copied.Flush(flushToDisk: true);
                }
                File.Move(temp, target, overwrite: true);
                return;
            }
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var source = await blob.Open(cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    await VerifiedCopy.CopyAsync(source, output, blob.Descriptor, Location.Text, cancellationToken).ConfigureAwait(false);
                }
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AtomicFile.TryDelete(temp);
            throw new DistillException(ErrorCode.OutputNotWritable, $"cannot write blob {blob.Descriptor.Digest} to '{Location.Text}': {e.Message}", e);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

}
