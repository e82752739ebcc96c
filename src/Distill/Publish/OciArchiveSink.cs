using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>Writes <c>oci-archive:FILE[:TAG]</c>: a tar of an OCI image layout holding one tagged image or index.</summary>
public sealed class OciArchiveSink(ImageLocation location) : IImageSink
{
    public ImageLocation Location { get; } = location;

    public async Task<PublishResult> WriteAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var tag = Location.Reference ?? ImageLocation.DefaultTag;
        var index = new ImageIndex(MediaTypes.OciIndex,
        [
            artifact.Root with
            {
                Annotations = new SortedDictionary<string, string>(Utf8Ordinal.Instance) { [AnnotationKeys.RefName] = tag },
                Platform = null,
            },
        ]);
        var members = ArchiveWriter.LayoutMembers(artifact, index.ToJson());
        await ArchiveWriter.WriteAsync(Location.Path, members, Location.Text, cancellationToken).ConfigureAwait(false);
        return new PublishResult($"oci-archive:{Location.Path}:{tag}", artifact.Root.Digest, artifact.Root.Size);
    }
}
