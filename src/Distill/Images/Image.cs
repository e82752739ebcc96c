using Distill.Oci;

namespace Distill.Images;

/// <summary>An immutable image value; <see cref="ImageAssembler"/> returns new ones.</summary>
public sealed record Image(string ManifestMediaType, ImageConfig Config, IReadOnlyList<ILayer> Layers) : IImage
{
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
