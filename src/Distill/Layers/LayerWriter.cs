using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Distill.Oci;

namespace Distill.Layers;

/// <summary>
/// Writes a layer blob from planned entries in one streaming pass (tar → diffID → compress →
/// digest → blob file) and remembers it by the hash of its inputs, so an unchanged rebuild
/// compresses nothing.
/// </summary>
public static class LayerWriter
{
    // Bump when the tar or compression bytes change for the same inputs.
    private const string FormatVersion = "distill-layer-1";

    /// <summary>Writes (or reuses) the layer for <paramref name="plan"/> into <paramref name="store"/>.</summary>
    /// <exception cref="DistillException">An input is unreadable or changed while being archived, or the store is not writable.</exception>
    public static async Task<FileLayer> WriteAsync(LayerPlan plan, LayerOptions options, BlobStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var entries = plan.ToOrderedList();
        var mediaType = MediaTypes.OciLayerFor(options.Compression);
        var cacheKey = options.UseCache ? CacheKey(entries, options) : null;
        if (cacheKey is not null && await TryCachedAsync(store, cacheKey, mediaType, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }
        var (tempPath, file) = store.CreateTemp();
        try
        {
            LayerDigests digests;
            await using (file.ConfigureAwait(false))
            {
                // A dedicated thread, not a pool thread: it blocks on the compression tasks, and a blocked
                // pool thread on a 2-core machine would leave the compressors waiting for thread injection.
                digests = await Task.Factory.StartNew(() => WriteTar(entries, options, file, cancellationToken),
                    cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            var blobPath = store.Commit(tempPath, digests.Digest);
            if (cacheKey is not null)
            {
                RecordCache(store, cacheKey, digests);
            }
            return new FileLayer(new Descriptor(mediaType, digests.Digest, digests.Size), digests.DiffId, blobPath)
            {
                UncompressedSize = digests.UncompressedSize,
            };
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    /// <summary>Writes the tar for ordered entries through the compressor to <paramref name="destination"/>.</summary>
    public static LayerDigests WriteTar(IReadOnlyList<LayerEntry> entries, LayerOptions options, Stream destination, CancellationToken cancellationToken)
    {
        using var blob = new LayerBlobStream(destination, options.Compression, options.EffectiveLevel, options.Parallelism);
        var tar = new TarStreamWriter(blob, options.SourceDateEpoch);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tar.WriteEntry(entry);
        }
        tar.Finish();
        return blob.Complete();
    }

    private static string CacheKey(IReadOnlyList<LayerEntry> entries, LayerOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Line(string s) => hash.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Line(FormatVersion);
        Line(FormattableString.Invariant($"{options.Compression} {options.EffectiveLevel} {LayerBlobStream.ChunkSize} {options.SourceDateEpoch}"));
        foreach (var e in entries)
        {
            Line(FormattableString.Invariant($"{e.Path}\0{e.Kind}\0{(int)e.Mode}\0{e.Uid}\0{e.Gid}\0{e.LinkTarget}\0{e.Size}"));
            if (e.Content is { } content)
            {
                Line(Convert.ToHexString(SHA256.HashData(content.Span)));
            }
            else if (e.SourceFile is not null)
            {
                // Like make and BuildKit: a host file is identified by path, size and modification time.
                var info = new FileInfo(e.SourceFile);
                Line(FormattableString.Invariant($"{info.FullName}\0{(info.Exists ? info.Length : -1)}\0{(info.Exists ? info.LastWriteTimeUtc.Ticks : 0)}"));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string CachePath(BlobStore store, string key) => Path.Combine(store.Root, "layers", key);

    private static async Task<FileLayer?> TryCachedAsync(BlobStore store, string key, string mediaType, CancellationToken cancellationToken)
    {
        var path = CachePath(store, key);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var fields = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Split(' ');
            if (fields.Length != 4
                || !Digest.TryParse(fields[0], out var diffId) || !Digest.TryParse(fields[1], out var digest)
                || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var uncompressed))
            {
                return null;
            }
            if (!await store.VerifyAsync(digest, size, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            return new FileLayer(new Descriptor(mediaType, digest, size), diffId, store.PathOf(digest)) { UncompressedSize = uncompressed };
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void RecordCache(BlobStore store, string key, LayerDigests d)
    {
        try
        {
            var path = CachePath(store, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, FormattableString.Invariant($"{d.DiffId} {d.Digest} {d.Size} {d.UncompressedSize}"));
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // The cache is an optimization; a failure to record it must not fail the build.
        }
    }
}
