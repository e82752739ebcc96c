using System.Text;

namespace Distill.Inspect;

/// <summary>
/// Finds and decodes Go build info the way <c>debug/buildinfo</c> does: in <c>.go.buildinfo</c>, or else in
/// the first 64 KiB of the first writable, non-executable <c>PT_LOAD</c>, at a 16-byte aligned magic. Handles
/// the Go 1.18+ inline format (varint-prefixed strings) and the older one (pointers to Go string headers).
/// Anything inconsistent means "not Go build info" (null), never an exception.
/// </summary>
internal static class GoBuildInfoReader
{
    private const int HeaderSize = 32;
    private const int Window = 64 * 1024;
    private const ulong MaxString = 1 << 20;
    // "\xff Go buildinf:" as raw bytes (a u8 literal would encode U+00FF as two bytes).
    private static ReadOnlySpan<byte> Magic => [0xff, 0x20, 0x47, 0x6f, 0x20, 0x62, 0x75, 0x69, 0x6c, 0x64, 0x69, 0x6e, 0x66, 0x3a];

    public static GoBuildInfo? Read(ElfBytes b, ReadOnlySpan<ElfSection> sections, ReadOnlySpan<ElfSegment> segments)
    {
        var data = Locate(b, sections, segments);
        var at = FindAligned(data);
        if (at < 0)
        {
            return null;
        }
        var blob = data[at..];
        int ptrSize = blob[14];
        var flags = blob[15];
        ReadOnlySpan<byte> version;
        ReadOnlySpan<byte> mod;
        if ((flags & 2) != 0)
        {
            var rest = blob[HeaderSize..];
            version = VarintString(ref rest);
            mod = VarintString(ref rest);
        }
        else
        {
            if (ptrSize is not (4 or 8))
            {
                return null;
            }
            var big = flags != 0;
            version = PointerString(b, segments, ReadPtr(blob[16..], ptrSize, big), ptrSize, big);
            mod = PointerString(b, segments, ReadPtr(blob[(16 + ptrSize)..], ptrSize, big), ptrSize, big);
        }
        if (version.IsEmpty)
        {
            return null;
        }
        // The module text is framed by two 16-byte binary sentinels (cmd/go's infoStart/infoEnd).
        var text = mod.Length >= 33 && mod[^17] == (byte)'\n' ? Encoding.UTF8.GetString(mod[16..^16]) : "";
        return GoModInfo.Parse(Encoding.UTF8.GetString(version), text);
    }

    private static ReadOnlySpan<byte> Locate(ElfBytes b, ReadOnlySpan<ElfSection> sections, ReadOnlySpan<ElfSegment> segments)
    {
        foreach (var s in sections)
        {
            if (s.Name == ".go.buildinfo" && s.HasData(b))
            {
                return b.Slice(s.Offset, Math.Min(s.Size, Window), ".go.buildinfo");
            }
        }
        foreach (var s in segments)
        {
            if (s.Type == ElfConstants.PT_LOAD && (s.Flags & (ElfConstants.PF_X | ElfConstants.PF_W)) == ElfConstants.PF_W
                && ElfTables.TryMap(b, segments, s.VAddr, out var off, out var available))
            {
                return b.Slice(off, Math.Min(available, Window), "data segment");
            }
        }
        return [];
    }

    private static int FindAligned(ReadOnlySpan<byte> data)
    {
        var from = 0;
        while (from < data.Length)
        {
            var i = data[from..].IndexOf(Magic);
            if (i < 0)
            {
                return -1;
            }
            i += from;
            if (i % 16 == 0)
            {
                return data.Length - i >= HeaderSize ? i : -1;
            }
            from = (i + 16) & ~15;
        }
        return -1;
    }

    private static ReadOnlySpan<byte> VarintString(scoped ref ReadOnlySpan<byte> data)
    {
        ulong len = 0;
        var n = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (n >= data.Length || shift > 63)
            {
                data = [];
                return [];
            }
            var c = data[n++];
            len |= (ulong)(c & 0x7f) << shift;
            if (c < 0x80)
            {
                break;
            }
        }
        if (len > (ulong)(data.Length - n))
        {
            data = [];
            return [];
        }
        var s = data.Slice(n, (int)len);
        data = data[(n + (int)len)..];
        return s;
    }

    private static ReadOnlySpan<byte> PointerString(ElfBytes b, ReadOnlySpan<ElfSegment> segments, ulong addr, int ptrSize, bool big)
    {
        if (!ElfTables.TryMap(b, segments, addr, out var hdrOff, out var hdrAvail) || hdrAvail < (ulong)(2 * ptrSize))
        {
            return [];
        }
        var hdr = b.Slice(hdrOff, (ulong)(2 * ptrSize), "Go string header");
        var dataAddr = ReadPtr(hdr, ptrSize, big);
        var len = ReadPtr(hdr[ptrSize..], ptrSize, big);
        if (len > MaxString || !ElfTables.TryMap(b, segments, dataAddr, out var off, out var avail) || avail < len)
        {
            return [];
        }
        return b.Slice(off, len, "Go string");
    }

    private static ulong ReadPtr(ReadOnlySpan<byte> s, int ptrSize, bool big) => ptrSize == 4
        ? (big ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(s) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(s))
        : (big ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(s) : System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s));
}
