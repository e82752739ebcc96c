using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>A layer read from a source; every open returns a stream that verifies digest and size.</summary>
public sealed record SourceLayer(Descriptor Descriptor, Digest DiffId, Func<CancellationToken, ValueTask<Stream>> Opener, string What) : ILayer
{
    public async ValueTask<Stream> OpenBlobAsync(CancellationToken cancellationToken)
    {
        var inner = await Opener(cancellationToken).ConfigureAwait(false);
        return new VerifyingReadStream(inner, Descriptor, What);
    }
}
