using Distill.Images;
using Distill.Oci;

namespace Distill.Layers;

/// <summary>A layer whose blob is a local file (in a <see cref="BlobStore"/>).</summary>
public sealed record FileLayer(Descriptor Descriptor, Digest DiffId, string BlobPath) : ILayer
{
    /// <summary>The size of the uncompressed tar, when known (for reports).</summary>
    public long UncompressedSize { get; init; }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenBlobAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(BlobStore.OpenRead(BlobPath));
}
