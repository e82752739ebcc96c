using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>Reads an image or index from an OCI layout directory (<c>oci:DIR[:TAG]</c>).</summary>
public sealed class OciLayoutSource(ImageLocation location) : IImageSource
{
    public ImageLocation Location { get; } = location;

    public Task<Artifact> ReadAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(Location.Path);
        if (!File.Exists(Path.Combine(directory, OciLayoutSink.LayoutFile)))
        {
            throw new DistillException(Directory.Exists(directory) ? ErrorCode.InvalidImage : ErrorCode.ImageNotFound,
                $"'{Location.Text}': '{directory}' is not an OCI image layout (no oci-layout file)");
        }
        var index = OciLayoutSink.ReadIndex(directory, Location.Text);
        var root = SelectEntry(index.Manifests, Location.Reference, Location.Text);
        return ArtifactReader.ReadAsync(root, (d, ct) => OpenBlob(directory, d), Location.Text, cancellationToken);
    }

    /// <summary>Picks the entry whose ref.name is the tag, or the only entry when no tag is given.</summary>
    internal static Descriptor SelectEntry(IReadOnlyList<Descriptor> entries, string? tag, string what)
    {
        if (tag is null)
        {
            if (entries.Count == 1)
            {
                return entries[0];
            }
            var latest = entries.Where(e => e.RefName == ImageLocation.DefaultTag).ToList();
            if (latest.Count == 1)
            {
                return latest[0];
            }
            throw new DistillException(ErrorCode.ImageNotFound,
                $"'{what}' holds {entries.Count} images; name one with :TAG (tags: {string.Join(", ", entries.Select(e => e.RefName ?? e.Digest.ToString()))})");
        }
        var matches = entries.Where(e => e.RefName == tag).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DistillException(ErrorCode.ImageNotFound, $"'{what}': no image tagged '{tag}'"),
            _ => throw new DistillException(ErrorCode.InvalidImage, $"'{what}': the tag '{tag}' names {matches.Count} images"),
        };
    }

    /// <summary>Opens a blob file, refusing symlinks that could point at host files (RELIABILITY B5-05).</summary>
    internal static ValueTask<Stream> OpenBlob(string directory, Descriptor descriptor)
    {
        var path = Path.Combine(directory, "blobs", descriptor.Digest.Algorithm, descriptor.Digest.Hex);
        var status = Layers.FileStatus.Lstat(path);
        if (status.Type != Layers.HostFileType.Regular)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"blob '{path}' is not a regular file (a symlink or special file); refusing to read it");
        }
        return ValueTask.FromResult<Stream>(Layers.BlobStore.OpenRead(path));
    }
}
