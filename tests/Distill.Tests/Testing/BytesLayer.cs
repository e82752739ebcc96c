using Distill.Images;
using Distill.Oci;

namespace Distill.Tests.Testing;

/// <summary>An uncompressed layer over bytes built in a test (hostile or mutated tars); its diffID is its digest.</summary>
public sealed record BytesLayer(byte[] Bytes) : ILayer
{
    public Descriptor Descriptor { get; } = new(MediaTypes.OciLayer, Digest.Sha256(Bytes), Bytes.Length);
    public Digest DiffId => Descriptor.Digest;
    public ValueTask<Stream> OpenBlobAsync(CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(new MemoryStream(Bytes, writable: false));
}
