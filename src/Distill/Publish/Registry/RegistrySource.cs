using Distill.Images;
using Distill.Oci;

namespace Distill.Publish.Registry;

/// <summary>
/// Reads an image or index from a registry (<c>docker://REF</c>). The root manifest's digest is
/// computed from the bytes served, children and configs are verified against their descriptors, and
/// layers are <see cref="RemoteLayer"/>s opened (and verified) only when a sink reads them.
/// </summary>
public sealed class RegistrySource : IImageSource
{
    private readonly RegistryClient _client;

    public RegistrySource(ImageLocation location, RegistryOptions options)
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

    public async Task<Artifact> ReadAsync(CancellationToken cancellationToken)
    {
        var what = $"docker://{Reference}";
        var repository = Reference.Repository;
        var root = await _client.GetManifestAsync(repository, Reference.Identifier, cancellationToken).ConfigureAwait(false);
        var rootDescriptor = root.Descriptor(GuessMediaType(root.Bytes, what));
        async ValueTask<Stream> Open(Descriptor d, CancellationToken ct)
        {
            if (d.Digest == root.Digest)
            {
                return new MemoryStream(root.Bytes.ToArray(), writable: false);
            }
            if (MediaTypes.IsImageManifest(d.MediaType) || MediaTypes.IsIndex(d.MediaType))
            {
                var child = await _client.GetManifestAsync(repository, d.Digest.ToString(), ct).ConfigureAwait(false);
                return new MemoryStream(child.Bytes.ToArray(), writable: false);
            }
            return await _client.OpenBlobAsync(repository, d, ct).ConfigureAwait(false);
        }
        var artifact = await ArtifactReader.ReadAsync(rootDescriptor, Open, what, cancellationToken).ConfigureAwait(false);
        return artifact switch
        {
            ImageArtifact image => Remote(image),
            IndexArtifact index => index with { Children = index.Children.Select(Remote).ToList() },
            _ => artifact,
        };
    }

    /// <summary>The media type written inside a document served without a usable Content-Type, else its shape.</summary>
    private static string GuessMediaType(ReadOnlyMemory<byte> json, string what)
    {
        try
        {
            using var doc = OciJson.Parse(json, "manifest");
            if (doc.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == System.Text.Json.JsonValueKind.String
                && RegistryClient.ManifestMediaTypes.Contains(mt.GetString()))
            {
                return mt.GetString()!;
            }
            return doc.RootElement.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"{what}: malformed manifest: {e.Message}", e);
        }
    }

    /// <summary>Swaps the reader's layers for ones that remember their repository (for mounts) and use the cache.</summary>
    private ImageArtifact Remote(ImageArtifact image) => image with
    {
        Layers = image.Layers.Select(l => (ILayer)new RemoteLayer(_client, Reference.Repository, l.Descriptor, l.DiffId)).ToList(),
    };
}
