using Distill.Oci;

namespace Distill.Images;

/// <summary>An image before serialization: its config and its layers (base first).</summary>
public interface IImage
{
    /// <summary>The manifest media type to write (OCI by default; Docker v2 when a base image used it).</summary>
    string ManifestMediaType { get; }

    /// <summary>The config; its <c>DiffIds</c> match <see cref="Layers"/>.</summary>
    ImageConfig Config { get; }

    /// <summary>The layers, base first.</summary>
    IReadOnlyList<ILayer> Layers { get; }

    /// <summary>Manifest annotations.</summary>
    IReadOnlyDictionary<string, string>? Annotations { get; }
}
