using Distill.Base.Closure;
using Distill.Images;
using Distill.Oci;

namespace Distill.Verify;

/// <summary>
/// "Will it start?" without running it: flattens the image, then checks the entrypoint (exists,
/// executable, its loader and every needed library resolvable by the loader's rules inside the
/// image, or its script interpreter), the user, <c>/tmp</c>, and the data files the program needs.
/// </summary>
public static class ImageVerifier
{
    /// <summary>Flattens <paramref name="image"/> under <paramref name="workDirectory"/> (removed afterwards) and checks it.</summary>
    /// <exception cref="DistillException">A layer is malformed, hostile or does not match its digests.</exception>
    public static async Task<VerifyReport> VerifyAsync(ImageArtifact image, string what, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var config = ImageConfig.Parse(image.ConfigJson);
        var root = Path.Combine(workDirectory, "rootfs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var flattener = new LayerFlattener(root);
            for (var i = 0; i < image.Layers.Count; i++)
            {
                await flattener.ApplyAsync(image.Layers[i], i, what, cancellationToken).ConfigureAwait(false);
            }
            var findings = new List<Finding>();
            var checker = new ImageChecks(new Sysroot(root), flattener.Nodes, config, findings);
            checker.CheckEntrypoint();
            checker.CheckUser();
            checker.CheckTmp();
            return new VerifyReport(what, image.Platform.ToString(), findings);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
