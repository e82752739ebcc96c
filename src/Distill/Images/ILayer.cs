using Distill.Oci;

namespace Distill.Images;

/// <summary>
/// A layer: metadata as plain properties, content opened on demand (a new stream per call, like
/// ggcr's Opener). Implementations: a blob file Distill wrote, a blob in a layout or archive, a
/// registry blob.
/// </summary>
public interface ILayer
{
    /// <summary>The compressed blob's media type, digest and size.</summary>
    Descriptor Descriptor { get; }

    /// <summary>The sha256 of the uncompressed tar.</summary>
    Digest DiffId { get; }

    /// <summary>Opens the blob bytes (compressed as <see cref="Descriptor"/> says).</summary>
    ValueTask<Stream> OpenBlobAsync(CancellationToken cancellationToken);
}
