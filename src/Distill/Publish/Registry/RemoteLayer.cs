using Distill.Images;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Publish.Registry;

/// <summary>
/// A layer that lives in a registry repository. Every open is verified against the descriptor; with
/// a cache, the blob is downloaded once (verified, then renamed into the content-addressed store) and
/// later opens read the cached file, still verified on read. <see cref="Repository"/> lets a push to
/// another repository of the same registry mount it instead of uploading.
/// </summary>
public sealed class RemoteLayer(RegistryClient client, string repository, Descriptor descriptor, Digest diffId) : ILayer
{
    public Descriptor Descriptor { get; } = descriptor;

    public Digest DiffId { get; } = diffId;

    /// <summary>The registry (host[:port]) holding the blob.</summary>
    public string Registry => client.Registry;

    /// <summary>The repository holding the blob.</summary>
    public string Repository { get; } = repository;

    private string What => $"docker://{client.Registry}/{Repository}";

    public async ValueTask<Stream> OpenBlobAsync(CancellationToken cancellationToken)
    {
        if (client.Options.Cache is not { } cache)
        {
            var remote = await client.OpenBlobAsync(Repository, Descriptor, cancellationToken).ConfigureAwait(false);
            return new VerifyingReadStream(Counted(remote), Descriptor, What);
        }
        var path = cache.PathOf(Descriptor.Digest);
        if (!File.Exists(path) || new FileInfo(path).Length != Descriptor.Size)
        {
            await DownloadAsync(cache, cancellationToken).ConfigureAwait(false);
        }
        return new CacheReadStream(new VerifyingReadStream(BlobStore.OpenRead(path), Descriptor, $"the blob cache '{cache.Root}'"), path);
    }

    private Stream Counted(Stream remote) => client.Options.Progress is { } progress
        ? new CountingReadStream(remote, n => progress.Report(new BlobProgress(Descriptor.Digest, Math.Min(n, Descriptor.Size), Descriptor.Size, Upload: false)))
        : remote;

    private async Task DownloadAsync(BlobStore cache, CancellationToken cancellationToken)
    {
        var (temp, file) = cache.CreateTemp();
        try
        {
            await using (file.ConfigureAwait(false))
            {
                var remote = Counted(await client.OpenBlobAsync(Repository, Descriptor, cancellationToken).ConfigureAwait(false));
                await using (remote.ConfigureAwait(false))
                {
                    await VerifiedCopy.CopyAsync(remote, file, Descriptor, What, cancellationToken).ConfigureAwait(false);
                }
            }
            cache.Commit(temp, Descriptor.Digest);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a cached blob that fails verification, so the next run downloads it again.</summary>
    private sealed class CacheReadStream(Stream inner, string path) : ReadOnlyWrapperStream(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await Inner!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (DistillException e) when (e.Code == ErrorCode.DigestMismatch)
            {
                AtomicFile.TryDelete(path);
                throw;
            }
        }
    }
}
