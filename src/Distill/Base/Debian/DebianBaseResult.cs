using Distill.Images;

namespace Distill.Base.Debian;

/// <summary>A built tier: the image (layers in the blob store), the lock describing it, and what was dropped on purpose.</summary>
public sealed record DebianBaseResult(IImage Image, LockFile Lock, IReadOnlyList<ExcludedDependency> Excluded)
{
    /// <summary>True when the image came from the tier image cache.</summary>
    public bool FromCache { get; init; }
}
