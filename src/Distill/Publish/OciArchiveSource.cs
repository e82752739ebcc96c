using Distill.Images;

namespace Distill.Publish;

/// <summary>Reads <c>oci-archive:FILE[:TAG]</c> in place (no extraction): members are opened at their offsets.</summary>
public sealed class OciArchiveSource(ImageLocation location) : IImageSource
{
    public ImageLocation Location { get; } = location;

    public Task<Artifact> ReadAsync(CancellationToken cancellationToken)
    {
        var archive = TarArchiveIndex.Scan(Location.Path, Location.Text);
        return ReadLayoutAsync(archive, Location.Reference, Location.Text, cancellationToken);
    }

    internal static Task<Artifact> ReadLayoutAsync(TarArchiveIndex archive, string? tag, string what, CancellationToken cancellationToken)
    {
        if (!archive.Contains(OciLayoutSink.LayoutFile) || !archive.Contains(OciLayoutSink.IndexFile))
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}' is not an OCI archive (no oci-layout or index.json)");
        }
        Oci.ImageIndex index;
        try
        {
            index = Oci.ImageIndex.Parse(archive.ReadSmall(OciLayoutSink.IndexFile, what, Oci.OciJson.MaxDocumentBytes), Oci.MediaTypes.OciIndex);
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}': malformed index.json: {e.Message}", e);
        }
        var root = OciLayoutSource.SelectEntry(index.Manifests, tag, what);
        return ArtifactReader.ReadAsync(root,
            (d, ct) => ValueTask.FromResult(archive.Open($"blobs/{d.Digest.Algorithm}/{d.Digest.Hex}", what)),
            what, cancellationToken);
    }
}
