using Distill.Images;

namespace Distill.Publish;

/// <summary>Where images come from: a layout, an archive or a registry. Blob content is verified as it is read.</summary>
public interface IImageSource
{
    /// <summary>The location as the user wrote it.</summary>
    ImageLocation Location { get; }

    /// <summary>Reads the root manifest or index with its configs; layers are opened lazily.</summary>
    Task<Artifact> ReadAsync(CancellationToken cancellationToken);
}
