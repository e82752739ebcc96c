using Distill.Oci;

namespace Distill.Images;

/// <summary>Picks one image out of an artifact: the image itself, or an index entry for a platform.</summary>
public static class ImageSelection
{
    /// <summary>The requested platform's image; without a request, the only image or else linux/amd64.</summary>
    /// <exception cref="DistillException">No image matches.</exception>
    public static ImageArtifact Select(Artifact artifact, Platform? platform, string what)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact is ImageArtifact image)
        {
            return platform is null || platform.Matches(image.Platform)
                ? image
                : throw new DistillException(ErrorCode.ImageNotFound, $"'{what}' is a {image.Platform} image, not {platform}");
        }
        var wanted = platform ?? (artifact.Images.Count == 1 ? artifact.Images[0].Platform : Platform.LinuxAmd64);
        return artifact.Images.FirstOrDefault(i => wanted.Matches(i.Platform))
            ?? throw new DistillException(ErrorCode.ImageNotFound,
                $"'{what}' has no image for {wanted} (it has {string.Join(", ", artifact.Images.Select(i => i.Platform.ToString()))}); pass --platform");
    }
}
