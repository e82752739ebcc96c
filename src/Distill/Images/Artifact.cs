using Distill.Oci;

namespace Distill.Images;

/// <summary>
/// Serialized content ready for a sink: the bytes that were hashed are the bytes that get written.
/// Either one image (<see cref="ImageArtifact"/>) or an index of images (<see cref="IndexArtifact"/>).
/// </summary>
public abstract record Artifact
{
    /// <summary>The descriptor of the root document (manifest or index).</summary>
    public abstract Descriptor Root { get; }

    /// <summary>The root document's exact bytes.</summary>
    public abstract ReadOnlyMemory<byte> RootJson { get; }

    /// <summary>Every image in this artifact (one for an image, each child for an index).</summary>
    public abstract IReadOnlyList<ImageArtifact> Images { get; }
}

/// <summary>One serialized image: config and manifest bytes with their descriptors, and the layers.</summary>
public sealed record ImageArtifact(
    ReadOnlyMemory<byte> ConfigJson,
    Descriptor Config,
    ReadOnlyMemory<byte> ManifestJson,
    Descriptor Manifest,
    IReadOnlyList<ILayer> Layers,
    Platform Platform) : Artifact
{
    public override Descriptor Root => Manifest;
    public override ReadOnlyMemory<byte> RootJson => ManifestJson;
    public override IReadOnlyList<ImageArtifact> Images => [this];
}

/// <summary>A serialized image index and its child images.</summary>
public sealed record IndexArtifact(ReadOnlyMemory<byte> IndexJson, Descriptor Index, IReadOnlyList<ImageArtifact> Children) : Artifact
{
    public override Descriptor Root => Index;
    public override ReadOnlyMemory<byte> RootJson => IndexJson;
    public override IReadOnlyList<ImageArtifact> Images => Children;
}
