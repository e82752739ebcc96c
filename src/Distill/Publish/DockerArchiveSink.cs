using Distill.Images;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>
/// Writes <c>docker-archive:FILE[:NAME:TAG]</c> in the layout <c>docker save</c> writes since
/// Docker 25: an OCI layout plus <c>manifest.json</c> naming the config and layer blobs, which
/// <c>docker load</c>, <c>podman load</c> and skopeo read. Layers stay compressed (all three
/// decompress on load). An index writes one manifest.json entry per platform.
/// </summary>
public sealed class DockerArchiveSink(ImageLocation location) : IImageSink
{
    public ImageLocation Location { get; } = location;

    public async Task<PublishResult> WriteAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var repoTag = Location.Reference is null ? null : NormalizeRepoTag(Location.Reference);
        var w = new GoJsonWriter();
        w.StartArray();
        var first = true;
        foreach (var image in artifact.Images)
        {
            w.StartObject().Property("Config", $"blobs/sha256/{image.Config.Digest.Hex}");
            // Only one entry may carry the tag, or loading would retag it once per platform.
            w.Name("RepoTags").StringArray(first && repoTag is not null ? [repoTag] : []);
            w.Name("Layers").StringArray(image.Layers.Select(l => $"blobs/sha256/{l.Descriptor.Digest.Hex}"));
            w.EndObject();
            first = false;
        }
        w.EndArray();

        var rootAnnotations = new SortedDictionary<string, string>(Utf8Ordinal.Instance);
        if (repoTag is not null)
        {
            rootAnnotations[AnnotationKeys.ContainerdImageName] = repoTag;
            rootAnnotations[AnnotationKeys.RefName] = repoTag[(repoTag.LastIndexOf(':') + 1)..];
        }
        var index = new ImageIndex(MediaTypes.OciIndex, [artifact.Root with { Annotations = rootAnnotations.Count > 0 ? rootAnnotations : null, Platform = null }]);

        var members = ArchiveWriter.LayoutMembers(artifact, index.ToJson(), new ArchiveWriter.Member("manifest.json", w.ToArray()));
        await ArchiveWriter.WriteAsync(Location.Path, members, Location.Text, cancellationToken).ConfigureAwait(false);
        return new PublishResult($"docker-archive:{Location.Path}{(repoTag is null ? "" : ":" + repoTag)}", artifact.Root.Digest, artifact.Root.Size);
    }

    /// <summary>"name" becomes "name:latest", as docker tag does.</summary>
    private static string NormalizeRepoTag(string reference)
    {
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        return colon > slash ? reference : reference + ":" + ImageLocation.DefaultTag;
    }
}
