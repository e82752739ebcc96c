using Distill.Images;
using Distill.Layers;

namespace Distill.Publish;

/// <summary>Writes a deterministic tar archive of blobs and small files, atomically (temp sibling + rename).</summary>
internal static class ArchiveWriter
{
    /// <summary>One archive member: a directory (no content), in-memory bytes, or a blob to stream and verify.</summary>
    internal sealed record Member(string Name, ReadOnlyMemory<byte>? Bytes = null, BlobSource? Blob = null);

    /// <summary>
    /// The members of an OCI layout in a tar, in name order: the blob directories, every blob of the
    /// artifact by digest, index.json, <paramref name="extra"/> (docker's manifest.json), oci-layout.
    /// </summary>
    public static List<Member> LayoutMembers(Artifact artifact, ReadOnlyMemory<byte> indexJson, params Member[] extra)
    {
        var members = new List<Member> { new("blobs/"), new("blobs/sha256/") };
        members.AddRange(ArtifactBlobs.Enumerate(artifact)
            .OrderBy(b => b.Descriptor.Digest.Hex, StringComparer.Ordinal)
            .Select(b => new Member($"blobs/sha256/{b.Descriptor.Digest.Hex}", Blob: b)));
        members.Add(new(OciLayoutSink.IndexFile, indexJson));
        members.AddRange(extra);
        members.Add(new(OciLayoutSink.LayoutFile, OciLayoutSink.LayoutJson));
        return members;
    }

    public static Task WriteAsync(string path, IReadOnlyList<Member> members, string what, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            // TarStreamWriter is synchronous; blob streams are read on a worker thread.
            await Task.Run(async () =>
            {
                var tar = new TarStreamWriter(stream, mtime: 0);
                foreach (var m in members)
                {
                    ct.ThrowIfCancellationRequested();
                    if (m.Blob is { } blob)
                    {
                        var source = await blob.Open(ct).ConfigureAwait(false);
                        using var verifying = new VerifyingReadStream(source, blob.Descriptor, what);
                        tar.WriteRaw(m.Name, "", 0b110_100_100, 0, 0, blob.Descriptor.Size, (byte)'0', verifying);
                        // Reading to the end makes the verifying stream check the digest.
                        if (verifying.Read(new byte[1], 0, 1) != 0)
                        {
                            throw new DistillException(ErrorCode.DigestMismatch, $"blob {blob.Descriptor.Digest} from {what} is longer than its descriptor");
                        }
                    }
                    else if (m.Bytes is { } bytes)
                    {
                        tar.WriteFile(m.Name, bytes.Span);
                    }
                    else
                    {
                        tar.WriteRaw(m.Name, "", 0b111_101_101, 0, 0, 0, (byte)'5', null);
                    }
                }
                tar.Finish();
            }, ct).ConfigureAwait(false);
        }, cancellationToken);
}
