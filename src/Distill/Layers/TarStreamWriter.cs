using System.Buffers;
using System.Globalization;
using System.Text;

namespace Distill.Layers;

/// <summary>
/// Writes a deterministic tar stream: USTAR headers with every field explicit (fixed mtime, numeric
/// owner, empty user/group names, no device numbers), PAX records only for what USTAR cannot hold
/// (long or non-ASCII names, sizes ≥ 8 GiB) under the constant name <c>PaxHeaders.0</c> (Go's
/// choice; System.Formats.Tar puts the process id there, which changes digests), and no
/// atime/ctime. The end is two zero blocks.
/// </summary>
public sealed class TarStreamWriter
{
    private readonly Stream _output;
    private readonly long _mtime;
    private readonly byte[] _copyBuffer = new byte[128 * 1024];

    /// <param name="output">Where tar bytes go (not closed by this writer).</param>
    /// <param name="mtime">Seconds since the epoch for every entry (SOURCE_DATE_EPOCH).</param>
    public TarStreamWriter(Stream output, long mtime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mtime);
        _output = output;
        _mtime = mtime;
    }

    /// <summary>Writes one entry, reading a file's content from its source.</summary>
    /// <exception cref="DistillException">A source file is unreadable or changed size while being archived.</exception>
    public void WriteEntry(LayerEntry entry)
    {
        var name = entry.Kind == LayerEntryKind.Directory ? entry.Path + "/" : entry.Path;
        var link = entry.Kind == LayerEntryKind.Hardlink ? entry.LinkTarget! : entry.LinkTarget ?? "";
        var size = entry.Kind == LayerEntryKind.File ? entry.Size : 0;
        var typeFlag = entry.Kind switch
        {
            LayerEntryKind.File => (byte)'0',
            LayerEntryKind.Hardlink => (byte)'1',
            LayerEntryKind.Symlink => (byte)'2',
            _ => (byte)'5',
        };
        WriteHeader(name, link, (int)entry.Mode, entry.Uid, entry.Gid, size, typeFlag);
        if (entry.Kind == LayerEntryKind.File)
        {
            WriteContent(entry);
        }
    }

    /// <summary>Writes a header followed by raw content of exactly <paramref name="size"/> bytes from <paramref name="content"/>.</summary>
    public void WriteRaw(string name, string linkName, int mode, int uid, int gid, long size, byte typeFlag, Stream? content)
    {
        WriteHeader(name, linkName, mode, uid, gid, size, typeFlag);
        if (size > 0)
        {
            CopyExactly(content ?? Stream.Null, size, name);
        }
    }

    /// <summary>Writes a regular file with in-memory content.</summary>
    public void WriteFile(string name, ReadOnlySpan<byte> content, int mode = 0b110_100_100)
    {
        WriteHeader(name, "", mode, 0, 0, content.Length, (byte)'0');
        _output.Write(content);
        Pad(content.Length);
    }

    /// <summary>Ends the archive with two zero blocks.</summary>
    public void Finish()
    {
        Span<byte> zeros = stackalloc byte[TarFields.BlockSize * 2];
        zeros.Clear();
        _output.Write(zeros);
    }

    private void WriteContent(LayerEntry entry)
    {
        Stream source;
        try
        {
            source = entry.OpenContent();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.InputUnreadable, $"cannot read '{entry.SourceFile}': {e.Message}", e);
        }
        using (source)
        {
            CopyExactly(source, entry.Size, entry.SourceFile ?? entry.Path);
            // The size went into the header already; a file that grew must not silently lose bytes.
            if (source.Read(_copyBuffer, 0, 1) != 0)
            {
                throw new DistillException(ErrorCode.InputUnreadable, $"'{entry.SourceFile}' grew while it was being archived");
            }
        }
    }

    private void CopyExactly(Stream source, long size, string what)
    {
        var remaining = size;
        while (remaining > 0)
        {
            int n;
            try
            {
                n = source.Read(_copyBuffer, 0, (int)Math.Min(_copyBuffer.Length, remaining));
            }
            catch (IOException e)
            {
                throw new DistillException(ErrorCode.InputUnreadable, $"cannot read '{what}': {e.Message}", e);
            }
            if (n == 0)
            {
                throw new DistillException(ErrorCode.InputUnreadable, $"'{what}' shrank while it was being archived");
            }
            _output.Write(_copyBuffer, 0, n);
            remaining -= n;
        }
        Pad(size);
    }

    private void Pad(long size)
    {
        var pad = (int)((TarFields.BlockSize - (size % TarFields.BlockSize)) % TarFields.BlockSize);
        if (pad > 0)
        {
            Span<byte> zeros = stackalloc byte[TarFields.BlockSize];
            zeros.Clear();
            _output.Write(zeros[..pad]);
        }
    }

    private void WriteHeader(string name, string linkName, int mode, int uid, int gid, long size, byte typeFlag)
    {
        var pax = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var (prefix, shortName) = SplitUstarName(name);
        if (shortName is null)
        {
            pax["path"] = name;
            shortName = Truncate(name, TarFields.NameLength);
            prefix = "";
        }
        if (!IsAscii(linkName) || Encoding.UTF8.GetByteCount(linkName) > TarFields.LinkNameLength)
        {
            pax["linkpath"] = linkName;
            linkName = Truncate(linkName, TarFields.LinkNameLength);
        }
        if (size > TarFields.MaxOctalSize)
        {
            pax["size"] = size.ToString(CultureInfo.InvariantCulture);
        }
        if (uid > TarFields.MaxOctalId || uid < 0 || gid > TarFields.MaxOctalId || gid < 0)
        {
            throw new DistillException(ErrorCode.UnsupportedInput, $"owner {uid}:{gid} of '{name}' is out of range");
        }
        if (pax.Count > 0)
        {
            var records = EncodePax(pax);
            var paxName = "PaxHeaders.0/" + Truncate(BaseName(name), TarFields.NameLength - "PaxHeaders.0/".Length);
            WriteUstarBlock(paxName, "", "", 0b110_100_100, 0, 0, records.Length, (byte)'x');
            _output.Write(records);
            Pad(records.Length);
        }
        WriteUstarBlock(shortName, prefix, linkName, mode, uid, gid, Math.Min(size, TarFields.MaxOctalSize), typeFlag);
    }

    private void WriteUstarBlock(string name, string prefix, string linkName, int mode, int uid, int gid, long size, byte typeFlag)
    {
        Span<byte> h = stackalloc byte[TarFields.BlockSize];
        h.Clear();
        WriteString(h.Slice(TarFields.Name, TarFields.NameLength), name);
        WriteOctal(h.Slice(TarFields.Mode, TarFields.ModeLength), mode & 0xFFF);
        WriteOctal(h.Slice(TarFields.Uid, TarFields.UidLength), uid);
        WriteOctal(h.Slice(TarFields.Gid, TarFields.GidLength), gid);
        WriteOctal(h.Slice(TarFields.Size, TarFields.SizeLength), size);
        WriteOctal(h.Slice(TarFields.Mtime, TarFields.MtimeLength), _mtime);
        h[TarFields.TypeFlag] = typeFlag;
        WriteString(h.Slice(TarFields.LinkName, TarFields.LinkNameLength), linkName);
        "ustar\0"u8.CopyTo(h[TarFields.Magic..]);
        "00"u8.CopyTo(h[TarFields.Version..]);
        WriteOctal(h.Slice(TarFields.DevMajor, TarFields.DevLength), 0);
        WriteOctal(h.Slice(TarFields.DevMinor, TarFields.DevLength), 0);
        WriteString(h.Slice(TarFields.Prefix, TarFields.PrefixLength), prefix);
        // The checksum is computed with its own field filled with spaces.
        h.Slice(TarFields.Checksum, TarFields.ChecksumLength).Fill((byte)' ');
        var sum = 0;
        foreach (var b in h)
        {
            sum += b;
        }
        var digits = Convert.ToString(sum, 8).PadLeft(6, '0');
        var checksum = h.Slice(TarFields.Checksum, TarFields.ChecksumLength);
        Encoding.ASCII.GetBytes(digits, checksum);
        checksum[6] = 0;
        checksum[7] = (byte)' ';
        _output.Write(h);
    }

    /// <summary>Go's splitUSTARPath: fits a long ASCII name into prefix + name, or returns null.</summary>
    private static (string Prefix, string? Name) SplitUstarName(string name)
    {
        if (!IsAscii(name))
        {
            return ("", null);
        }
        if (name.Length <= TarFields.NameLength)
        {
            return ("", name);
        }
        var length = name.Length;
        if (length > TarFields.PrefixLength + 1)
        {
            length = TarFields.PrefixLength + 1;
        }
        else if (name[length - 1] == '/')
        {
            length--;
        }
        var i = name.LastIndexOf('/', length - 1);
        var nameLength = name.Length - i - 1;
        if (i <= 0 || nameLength > TarFields.NameLength || nameLength == 0 || i > TarFields.PrefixLength)
        {
            return ("", null);
        }
        return (name[..i], name[(i + 1)..]);
    }

    private static byte[] EncodePax(SortedDictionary<string, string> records)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in records)
        {
            // "%d %s=%s\n" where %d counts the whole record, including its own digits.
            var body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
            var length = body + body.ToString(CultureInfo.InvariantCulture).Length;
            if (length.ToString(CultureInfo.InvariantCulture).Length + body != length)
            {
                length = body + length.ToString(CultureInfo.InvariantCulture).Length;
            }
            sb.Append(length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(key).Append('=').Append(value).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteOctal(Span<byte> field, long value)
    {
        // N-1 zero-padded octal digits and a NUL, as Go and GNU tar write them.
        var digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(digits, field);
        field[^1] = 0;
    }

    private static void WriteString(Span<byte> field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length)).CopyTo(field);
    }

    private static string Truncate(string value, int maxBytes)
    {
        var ascii = new string(value.Select(c => c < 0x80 ? c : '_').ToArray());
        return ascii.Length <= maxBytes ? ascii : ascii[..maxBytes];
    }

    private static string BaseName(string name)
    {
        var trimmed = name.TrimEnd('/');
        var i = trimmed.LastIndexOf('/');
        return i < 0 ? trimmed : trimmed[(i + 1)..];
    }

    private static bool IsAscii(string s) => Ascii.IsValid(s);
}
