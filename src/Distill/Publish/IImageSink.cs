using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>Where images go (ko's publish.Interface): a layout, an archive or a registry.</summary>
public interface IImageSink
{
    /// <summary>The location as the user wrote it.</summary>
    ImageLocation Location { get; }

    /// <summary>Writes an image or an index; the previous content stays intact if this fails.</summary>
    Task<PublishResult> WriteAsync(Artifact artifact, CancellationToken cancellationToken);
}

/// <summary>What a sink wrote: where, and the digest of the root manifest or index.</summary>
public sealed record PublishResult(string Location, Digest Digest, long Size)
{
    /// <summary>A pinned reference (<c>REF@sha256:...</c>) when the sink has one.</summary>
    public string? PinnedReference { get; init; }
}
