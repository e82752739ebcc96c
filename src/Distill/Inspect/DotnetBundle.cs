using System.Buffers.Binary;
using System.Text;

namespace Distill.Inspect;

/// <summary>
/// Reads what a .NET apphost carries: every apphost holds the 32-byte bundle signature (SHA-256 of
/// ".net core bundle") preceded by the 8-byte bundle header offset, which is 0 unless the host is a
/// single-file bundle. The bundle header (dotnet/runtime <c>src/installer/managed/Microsoft.NET.HostModel/Bundle</c>)
/// gives the embedded runtimeconfig.json and the manifest of bundled files. All reads are bounded.
/// </summary>
internal sealed record DotnetBundle(long HeaderOffset, int Major, IReadOnlyList<string> Files, byte[]? RuntimeConfig)
{
    private const int MaxFiles = 100_000;

    private static ReadOnlySpan<byte> Signature =>
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    public bool IsSingleFile => HeaderOffset != 0;

    /// <summary>
    /// Null when the bytes are not an apphost; a bundle with <see cref="HeaderOffset"/> 0 for a plain apphost;
    /// the parsed manifest for a single-file bundle. A bundle header that does not parse yields an empty manifest.
    /// </summary>
    /// <param name="data">The whole file (the bundle header and files follow the host image).</param>
    /// <param name="searchLength">How much of it to search for the signature (the host's mapped image).</param>
    public static DotnetBundle? Find(ReadOnlySpan<byte> data, int searchLength)
    {
        var at = data[..Math.Min(searchLength, data.Length)].IndexOf(Signature);
        if (at < 8)
        {
            return null;
        }
        var offset = BinaryPrimitives.ReadInt64LittleEndian(data[(at - 8)..]);
        if (offset == 0)
        {
            return new DotnetBundle(0, 0, [], null);
        }
        return offset < 0 || offset >= data.Length ? new DotnetBundle(offset, 0, [], null) : Parse(data, offset);
    }

    private static DotnetBundle Parse(ReadOnlySpan<byte> data, long offset)
    {
        var r = data[(int)offset..];
        var empty = new DotnetBundle(offset, 0, [], null);
        if (r.Length < 12)
        {
            return empty;
        }
        var major = (int)BinaryPrimitives.ReadUInt32LittleEndian(r);
        var count = BinaryPrimitives.ReadInt32LittleEndian(r[8..]);
        var pos = 12;
        if (count < 0 || count > MaxFiles || String(r, ref pos) is null)
        {
            return empty;
        }
        byte[]? config = null;
        if (major >= 2)
        {
            if (r.Length - pos < 40)
            {
                return empty;
            }
            var rcOffset = BinaryPrimitives.ReadInt64LittleEndian(r[(pos + 16)..]);
            var rcSize = BinaryPrimitives.ReadInt64LittleEndian(r[(pos + 24)..]);
            pos += 40;
            if (rcOffset > 0 && rcSize > 0 && rcSize <= DotnetRuntimeConfig.MaxBytes && rcOffset <= data.Length - rcSize)
            {
                config = data.Slice((int)rcOffset, (int)rcSize).ToArray();
            }
        }
        var files = new List<string>();
        var entry = major >= 6 ? 25 : 17; // offset, size, [compressed size], type
        for (var i = 0; i < count; i++)
        {
            if (r.Length - pos < entry)
            {
                break;
            }
            pos += entry;
            if (String(r, ref pos) is not { } name)
            {
                break;
            }
            files.Add(name);
        }
        return new DotnetBundle(offset, major, files, config);
    }

    /// <summary>A string prefixed by its 7-bit encoded length (BinaryWriter's format), or null when it does not fit.</summary>
    private static string? String(ReadOnlySpan<byte> r, ref int pos)
    {
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (pos >= r.Length || shift > 28)
            {
                return null;
            }
            var b = r[pos++];
            length |= (b & 0x7f) << shift;
            if (b < 0x80)
            {
                break;
            }
        }
        if (length < 0 || length > 4096 || length > r.Length - pos)
        {
            return null;
        }
        var s = Encoding.UTF8.GetString(r.Slice(pos, length));
        pos += length;
        return s;
    }
}
