using Distill.Images;
using Distill.Inspect;

namespace Distill.Verify;

/// <summary>One path of a flattened image, and for an ELF file what it needs to start.</summary>
public sealed record ImageFile(string Path, RootfsNodeKind Kind, UnixFileMode Mode, int Uid, int Gid, long Size, string? LinkTarget)
{
    /// <summary>For ELF files: linkage, loader and DT_NEEDED.</summary>
    public ElfInfo? Elf { get; init; }
}

/// <summary>The files of an image after its layers are applied (<c>distill inspect --files</c>).</summary>
public static class ImageFiles
{
    /// <summary>Flattens the image under <paramref name="workDirectory"/> (removed afterwards) and lists its paths in order.</summary>
    /// <exception cref="DistillException">A layer is malformed, hostile or does not match its digests.</exception>
    public static async Task<IReadOnlyList<ImageFile>> ListAsync(ImageArtifact image, string what, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var root = Path.Combine(workDirectory, "rootfs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var flattener = new LayerFlattener(root);
            for (var i = 0; i < image.Layers.Count; i++)
            {
                await flattener.ApplyAsync(image.Layers[i], i, what, cancellationToken).ConfigureAwait(false);
            }
            var sysroot = new Base.Closure.Sysroot(root);
            return flattener.Nodes.OrderBy(n => n.Key, Oci.Utf8Ordinal.Instance).Select(n =>
            {
                var file = new ImageFile("/" + n.Key, n.Value.Kind, n.Value.Mode, n.Value.Uid, n.Value.Gid, n.Value.Size, n.Value.LinkTarget);
                if (n.Value.Kind != RootfsNodeKind.File || sysroot.ReadFile(n.Key, 1 << 30) is not { } bytes || !ElfReader.IsElf(bytes))
                {
                    return file;
                }
                try
                {
                    return file with { Elf = ElfReader.Read(bytes, "/" + n.Key) };
                }
                catch (ElfFormatException)
                {
                    return file;
                }
            }).ToList();
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
