using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>One blob of an artifact and how to open it.</summary>
public sealed record BlobSource(Descriptor Descriptor, Func<CancellationToken, ValueTask<Stream>> Open)
{
    /// <summary>
    /// The blob's file when Distill wrote it in this process (hashed while it was written), so a
    /// sink on the same machine may copy it in the kernel instead of re-reading and re-hashing it.
    /// </summary>
    public string? TrustedLocalFile { get; init; }
}

/// <summary>Lists every distinct blob an artifact references, children before the documents that point to them.</summary>
public static class ArtifactBlobs
{
    public static IReadOnlyList<BlobSource> Enumerate(Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var seen = new HashSet<Digest>();
        var result = new List<BlobSource>();
        void Add(Descriptor d, Func<CancellationToken, ValueTask<Stream>> open, string? localFile = null)
        {
            if (seen.Add(d.Digest))
            {
                result.Add(new BlobSource(d, open) { TrustedLocalFile = localFile });
            }
        }
        foreach (var image in artifact.Images)
        {
            foreach (var layer in image.Layers)
            {
                Add(layer.Descriptor, layer.OpenBlobAsync, (layer as Layers.FileLayer)?.BlobPath);
            }
            Add(image.Config, _ => ValueTask.FromResult<Stream>(new MemoryStream(image.ConfigJson.ToArray(), writable: false)));
            Add(image.Manifest, _ => ValueTask.FromResult<Stream>(new MemoryStream(image.ManifestJson.ToArray(), writable: false)));
        }
        if (artifact is IndexArtifact index)
        {
            Add(index.Index, _ => ValueTask.FromResult<Stream>(new MemoryStream(index.IndexJson.ToArray(), writable: false)));
        }
        return result;
    }
}
