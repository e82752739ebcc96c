using System.Formats.Tar;

namespace Distill.Publish;

/// <summary>
/// The regular-file members of a tar archive on disk with their data offsets, found in one header
/// scan, so members can be opened later without extracting anything.
/// </summary>
internal sealed class TarArchiveIndex
{
    private const int MaxMembers = 100_000;
    private readonly string _path;
    private readonly Dictionary<string, (long Offset, long Length)> _members;

    private TarArchiveIndex(string path, Dictionary<string, (long, long)> members)
    {
        _path = path;
        _members = members;
    }

    public static TarArchiveIndex Scan(string path, string what)
    {
        var members = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (members.Count >= MaxMembers)
                {
                    throw new DistillException(ErrorCode.LimitExceeded, $"'{what}' has more than {MaxMembers} members");
                }
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    var name = Normalize(entry.Name);
                    if (!members.TryAdd(name, (entry.DataOffset, entry.Length)))
                    {
                        throw new DistillException(ErrorCode.InvalidImage, $"'{what}' holds '{name}' twice");
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}' is not a valid tar archive: {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new DistillException(ErrorCode.ImageNotFound, $"'{what}': '{path}' does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.InputUnreadable, $"cannot read '{what}': {e.Message}", e);
        }
        return new TarArchiveIndex(path, members);
    }

    public bool Contains(string name) => _members.ContainsKey(Normalize(name));

    public long LengthOf(string name) => _members[Normalize(name)].Length;

    public Stream Open(string name, string what)
    {
        if (!_members.TryGetValue(Normalize(name), out var m))
        {
            throw new DistillException(ErrorCode.InvalidImage, $"'{what}' has no member '{name}'");
        }
        var stream = Layers.BlobStore.OpenRead(_path);
        stream.Seek(m.Offset, SeekOrigin.Begin);
        return new BoundedReadStream(stream, m.Length);
    }

    public byte[] ReadSmall(string name, string what, int max)
    {
        if (LengthOf(name) > max)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"'{what}': member '{name}' is larger than {max} bytes");
        }
        using var s = Open(name, what);
        using var buffer = new MemoryStream();
        s.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Normalize(string name)
    {
        var n = name.Replace('\\', '/');
        while (n.StartsWith("./", StringComparison.Ordinal))
        {
            n = n[2..];
        }
        return n.TrimStart('/');
    }
}

/// <summary>Reads at most a fixed number of bytes from an inner stream.</summary>
internal sealed class BoundedReadStream(Stream inner, long length) : ReadOnlyWrapperStream(inner)
{
    private readonly long _length = length;
    private long _remaining = length;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0) return 0;
        var n = Inner!.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0) return 0;
        var n = await Inner!.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= n;
        return n;
    }

    public override long Length => _length;
    public override long Position { get => _length - _remaining; set => throw new NotSupportedException(); }
}
