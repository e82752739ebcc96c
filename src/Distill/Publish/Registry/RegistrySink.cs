using Distill.Images;
using Distill.Oci;

namespace Distill.Publish.Registry;

/// <summary>
/// Pushes an image or index to a registry (<c>docker://REF</c>) in the order that keeps the registry
/// consistent if interrupted (RELIABILITY B5-06): blobs first (in parallel, bounded; skipped when a
/// HEAD finds them; mounted when they come from another repository of the same registry), then
/// child manifests by digest, and the root manifest or index last, under the tag, so the tag moves
/// only when everything it points to exists.
/// </summary>
public sealed class RegistrySink : IImageSink
{
    private readonly RegistryClient _client;

    public RegistrySink(ImageLocation location, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        Location = location;
        Reference = ImageReference.Parse(location.Reference ?? "");
        _client = RegistryClient.Shared(Reference.Registry, options);
    }

    public ImageLocation Location { get; }

    /// <summary>The parsed, normalized reference.</summary>
    public ImageReference Reference { get; }

    /// <summary>Finds the registry's endpoint and auth scheme ahead of the first write (lets a caller overlap it with reading).</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => _client.ConnectAsync(cancellationToken);

    public async Task<PublishResult> WriteAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var root = artifact.Root;
        if (Reference.Digest is { } pinned && pinned != root.Digest)
        {
            throw new DistillException(ErrorCode.Usage, $"'{Location.Text}' names digest {pinned}, but the image's digest is {root.Digest}");
        }
        var repository = Reference.Repository;
        // A registry only accepts a manifest whose blobs exist, so an existing root means everything below it exists too.
        if (!await _client.ManifestExistsAsync(repository, root.Digest, cancellationToken).ConfigureAwait(false))
        {
            await PushBlobsAsync(artifact, repository, cancellationToken).ConfigureAwait(false);
            if (artifact is IndexArtifact index)
            {
                foreach (var child in index.Children)
                {
                    await _client.PutManifestAsync(repository, child.Manifest.Digest.ToString(), child.ManifestJson, child.Manifest.MediaType, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        else
        {
            _client.Options.Log?.Invoke($"{Reference.Name}@{root.Digest} already exists; only the tag is written");
        }
        await _client.PutManifestAsync(repository, Reference.Tag ?? (Reference.Digest is null ? ImageLocation.DefaultTag : root.Digest.ToString()),
            artifact.RootJson, root.MediaType, cancellationToken).ConfigureAwait(false);
        return new PublishResult($"docker://{Reference}", root.Digest, root.Size) { PinnedReference = Reference.Pinned(root.Digest) };
    }

    private async Task PushBlobsAsync(Artifact artifact, string repository, CancellationToken cancellationToken)
    {
        var blobs = new List<(BlobSource Blob, string? MountFrom)>();
        var seen = new HashSet<Digest>();
        foreach (var image in artifact.Images)
        {
            foreach (var layer in image.Layers)
            {
                if (seen.Add(layer.Descriptor.Digest))
                {
                    var from = layer is RemoteLayer remote && string.Equals(remote.Registry, _client.Registry, StringComparison.OrdinalIgnoreCase) ? remote.Repository : null;
                    blobs.Add((new BlobSource(layer.Descriptor, layer.OpenBlobAsync), from));
                }
            }
            if (seen.Add(image.Config.Digest))
            {
                var config = image.ConfigJson;
                blobs.Add((new BlobSource(image.Config, _ => ValueTask.FromResult<Stream>(new MemoryStream(config.ToArray(), writable: false))), null));
            }
        }
        await Parallel.ForEachAsync(blobs,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _client.Options.Parallelism), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var d = item.Blob.Descriptor;
                if (await _client.BlobExistsAsync(repository, d.Digest, forPush: true, ct).ConfigureAwait(false))
                {
                    _client.Options.Progress?.Report(new BlobProgress(d.Digest, d.Size, d.Size, Upload: true, Skipped: true));
                    return;
                }
                await _client.UploadBlobAsync(repository, item.Blob, item.MountFrom, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }
}
