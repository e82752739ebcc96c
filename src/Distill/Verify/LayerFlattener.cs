using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Distill.Images;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Verify;

/// <summary>
/// Applies an image's layers in order into a private directory, the way a runtime unpacks them
/// (OCI image-spec layer.md): whiteouts remove lower paths, opaque markers hide a directory's lower
/// children (not the same layer's, wherever the marker sits), and every write stays inside the root:
/// names are normalized, parents resolved in-root, symlinks created verbatim and never followed,
/// hard links only to earlier in-root paths (RELIABILITY §B2). Regular files whose content a check
/// may need (ELF, scripts, /etc) are written; others become sparse placeholders of the same size.
/// Each layer is read once and its digest and diffID are verified (B2-14, B2-15).
/// </summary>
public sealed class LayerFlattener
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const int MaxEntries = 1_000_000;

    private readonly string _root;
    private readonly Dictionary<string, RootfsNode> _nodes = new(StringComparer.Ordinal);

    public LayerFlattener(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The flattened tree: normalized path → node.</summary>
    public IReadOnlyDictionary<string, RootfsNode> Nodes => _nodes;

    /// <summary>The directory the layers were applied to.</summary>
    public string Root => _root;

    /// <summary>Applies one layer (index = its position, base first).</summary>
    /// <exception cref="DistillException">The layer is malformed, hostile, or does not match its digests.</exception>
    public async Task ApplyAsync(ILayer layer, int index, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var compressed = await layer.OpenBlobAsync(cancellationToken).ConfigureAwait(false);
        await using (compressed.ConfigureAwait(false))
        {
            Stream decompressed = MediaTypes.LayerCompression(layer.Descriptor.MediaType) switch
            {
                Compression.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true),
                Compression.Zstd => new ZstdSharp.DecompressionStream(compressed, leaveOpen: true),
                Compression.None => compressed,
                _ => throw new DistillException(ErrorCode.UnsupportedMediaType, $"{what}: layer {layer.Descriptor.Digest} has media type '{layer.Descriptor.MediaType}'"),
            };
            using var diff = new HashingReadStream(decompressed);
            try
            {
                using (var reader = new TarReader(diff, leaveOpen: true))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        Apply(entry, index, what);
                    }
                }
                // Drain past the tar end so the digest and diffID cover every byte (B2-14).
                await diff.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                await compressed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
            {
                throw new DistillException(ErrorCode.InvalidImage, $"{what}: layer {layer.Descriptor.Digest} is not a valid tar: {e.Message}", e);
            }
            finally
            {
                if (!ReferenceEquals(decompressed, compressed))
                {
                    await decompressed.DisposeAsync().ConfigureAwait(false);
                }
            }
            if (diff.GetDigest() != layer.DiffId)
            {
                throw new DistillException(ErrorCode.DigestMismatch, $"{what}: layer {layer.Descriptor.Digest} uncompresses to {diff.GetDigest()}, not its diffID {layer.DiffId}");
            }
        }
    }

    private void Apply(TarEntry entry, int layer, string what)
    {
        if (_nodes.Count > MaxEntries)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what}: more than {MaxEntries} entries");
        }
        string path;
        try
        {
            path = ImagePath.Normalize(entry.Name); // B2-01: "../../x" would leave the root
        }
        catch (DistillException)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"{what}: layer {layer} has the entry '{entry.Name}', which leaves the image root");
        }
        if (path.Length == 0)
        {
            return; // "./" itself; a symlink named "." cannot replace the root (B2-03)
        }
        var name = path[(path.LastIndexOf('/') + 1)..];
        var parent = Layers.ImagePath.Parent(path);
        if (name == OpaqueMarker)
        {
            HideLowerChildren(parent, layer);
            return;
        }
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var hidden = name[WhiteoutPrefix.Length..];
            if (hidden.Length == 0 || hidden is "." or "..")
            {
                throw new DistillException(ErrorCode.InvalidImage, $"{what}: layer {layer} has a whiteout with an empty name at '{entry.Name}'");
            }
            Remove(parent.Length == 0 ? hidden : parent + "/" + hidden);
            return;
        }
        var hostParent = EnsureDirectory(parent, layer);
        var hostPath = Path.Combine(hostParent, name);
        var mode = (UnixFileMode)((int)entry.Mode & 0xFFF);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (_nodes.TryGetValue(path, out var existing) && existing.Kind == RootfsNodeKind.Directory)
                {
                    _nodes[path] = existing with { Mode = mode, Uid = entry.Uid, Gid = entry.Gid };
                    return;
                }
                RemoveHost(hostPath);
                Directory.CreateDirectory(hostPath);
                _nodes[path] = new RootfsNode(RootfsNodeKind.Directory, mode, entry.Uid, entry.Gid, 0, null, layer);
                return;
            case TarEntryType.SymbolicLink:
                RemoveHost(hostPath);
                File.CreateSymbolicLink(hostPath, entry.LinkName);
                _nodes[path] = new RootfsNode(RootfsNodeKind.Symlink, mode, entry.Uid, entry.Gid, 0, entry.LinkName, layer);
                return;
            case TarEntryType.HardLink:
                ApplyHardLink(entry, path, hostPath, mode, layer, what);
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                RemoveHost(hostPath);
                WriteFile(entry, hostPath, path);
                _nodes[path] = new RootfsNode(RootfsNodeKind.File, mode, entry.Uid, entry.Gid, entry.Length, null, layer);
                return;
            default:
                // Devices and FIFOs are recorded, never created (B2-12: no mknod, no chmod outside the root).
                RemoveHost(hostPath);
                _nodes[path] = new RootfsNode(RootfsNodeKind.Other, mode, entry.Uid, entry.Gid, 0, null, layer);
                return;
        }
    }

    private void ApplyHardLink(TarEntry entry, string path, string hostPath, UnixFileMode mode, int layer, string what)
    {
        string target;
        try
        {
            target = ImagePath.Normalize(entry.LinkName);
        }
        catch (DistillException)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"{what}: hard link '{entry.Name}' points outside the image ('{entry.LinkName}')");
        }
        if (!_nodes.TryGetValue(target, out var targetNode) || targetNode.Kind != RootfsNodeKind.File)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"{what}: hard link '{entry.Name}' points to '{entry.LinkName}', which is not an earlier regular file");
        }
        RemoveHost(hostPath);
        File.Copy(Path.Combine(_root, target), hostPath);
        _nodes[path] = targetNode with { Mode = mode, Layer = layer };
    }

    private static void WriteFile(TarEntry entry, string hostPath, string path)
    {
        using var output = new FileStream(hostPath, FileMode.CreateNew, FileAccess.Write);
        if (entry.DataStream is null || entry.Length == 0)
        {
            return;
        }
        // Keep the content of what checks read; others keep only their size (sparse, no disk blocks).
        var head = new byte[Math.Min(4, (int)Math.Min(entry.Length, 4))];
        var n = entry.DataStream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var keep = path.StartsWith("etc/", StringComparison.Ordinal)
            || (path.EndsWith(".runtimeconfig.json", StringComparison.Ordinal) && entry.Length <= Inspect.DotnetRuntimeConfig.MaxBytes) // says whether .NET needs ICU
            || Inspect.ElfReader.IsElf(head.AsSpan(0, n))
            || (n >= 2 && head[0] == (byte)'#' && head[1] == (byte)'!');
        if (keep)
        {
            output.Write(head, 0, n);
            entry.DataStream.CopyTo(output);
        }
        else
        {
            output.SetLength(entry.Length);
        }
    }

    /// <summary>Makes sure the parent directory exists inside the root, without following any symlink out of it.</summary>
    private string EnsureDirectory(string path, int layer)
    {
        var host = _root;
        var current = "";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.Length == 0 ? part : current + "/" + part;
            if (_nodes.TryGetValue(current, out var node) && node.Kind == RootfsNodeKind.Symlink)
            {
                // A symlink in a later entry's path: resolve it inside the root (B2-02), like a runtime would.
                var resolved = new Base.Closure.Sysroot(_root).Resolve(current);
                if (resolved is not null && _nodes.TryGetValue(resolved, out var dir) && dir.Kind == RootfsNodeKind.Directory)
                {
                    host = resolved.Length == 0 ? _root : Path.Combine(_root, resolved);
                    current = resolved;
                    continue;
                }
                throw new DistillException(ErrorCode.InvalidImage, $"an entry lies under '/{current}', a symlink that does not resolve to a directory inside the image");
            }
            host = Path.Combine(host, part);
            if (!_nodes.TryGetValue(current, out var existing) || existing.Kind != RootfsNodeKind.Directory)
            {
                RemoveHost(host);
                Directory.CreateDirectory(host);
                _nodes[current] = new RootfsNode(RootfsNodeKind.Directory, LayerEntry.DirectoryMode, 0, 0, 0, null, layer);
            }
        }
        return host;
    }

    private void HideLowerChildren(string directory, int layer)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        foreach (var path in _nodes.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length && _nodes[p].Layer < layer).ToList())
        {
            if (!_nodes.ContainsKey(path))
            {
                continue;
            }
            var node = _nodes[path];
            if (node.Kind == RootfsNodeKind.Directory && _nodes.Keys.Any(p => p.StartsWith(path + "/", StringComparison.Ordinal) && _nodes[p].Layer >= layer))
            {
                continue; // still holds this layer's entries
            }
            Remove(path);
        }
    }

    private void Remove(string path)
    {
        foreach (var key in _nodes.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
        {
            _nodes.Remove(key);
        }
        RemoveHost(Path.Combine(_root, path));
    }

    private static void RemoveHost(string hostPath)
    {
        var info = new FileInfo(hostPath);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(hostPath))
        {
            Directory.Delete(hostPath, recursive: true);
        }
    }

    /// <summary>A read-through stream that hashes what it reads (the diffID).</summary>
    private sealed class HashingReadStream(Stream inner) : Publish.ReadOnlyWrapperStream(null)
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public Digest GetDigest() => Digest.FromHash(_hash.GetCurrentHash());

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _hash.AppendData(buffer[..n]);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _hash.AppendData(buffer.Span[..n]);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
