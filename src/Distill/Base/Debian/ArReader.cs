using System.Globalization;
using System.Text;

namespace Distill.Base.Debian;

/// <summary>One member of an <c>ar</c> archive: its name and where its bytes are.</summary>
internal sealed record ArMember(string Name, long Offset, long Size);

/// <summary>
/// Reads the member table of a Unix <c>ar</c> archive (the container of a <c>.deb</c>). Every header
/// field is validated and every size is checked against the file length before it is used.
/// </summary>
internal static class ArReader
{
    private const int HeaderSize = 60;
    private const int MaxMembers = 64;
    private static readonly byte[] Magic = "!<arch>\n"u8.ToArray();

    /// <exception cref="FormatException">The archive is malformed.</exception>
    public static List<ArMember> ReadMembers(Stream stream)
    {
        var length = stream.Length;
        var header = new byte[HeaderSize];
        stream.Position = 0;
        if (!TryReadExactly(stream, header.AsSpan(0, Magic.Length)) || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FormatException("not an ar archive (bad magic)");
        }
        var members = new List<ArMember>();
        long position = Magic.Length;
        while (position < length)
        {
            if (members.Count >= MaxMembers)
            {
                throw new FormatException($"more than {MaxMembers} ar members");
            }
            stream.Position = position;
            if (length - position < HeaderSize || !TryReadExactly(stream, header))
            {
                throw new FormatException($"truncated ar member header at offset {position}");
            }
            if (header[58] != (byte)'`' || header[59] != (byte)'\n')
            {
                throw new FormatException($"bad ar member header terminator at offset {position}");
            }
            var name = Encoding.ASCII.GetString(header, 0, 16).TrimEnd(' ');
            if (name.EndsWith('/') && name.Length > 1)
            {
                name = name[..^1]; // GNU ar terminates names with '/'
            }
            if (name.Length == 0 || name.Any(c => c < 0x21 || c > 0x7e) || name.StartsWith('#') || name.StartsWith('/'))
            {
                throw new FormatException($"unsupported ar member name '{name}' at offset {position}");
            }
            var sizeText = Encoding.ASCII.GetString(header, 48, 10).TrimEnd(' ');
            if (sizeText.Length == 0 || !sizeText.All(char.IsAsciiDigit)
                || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new FormatException($"bad size '{sizeText}' for ar member '{name}'");
            }
            var dataOffset = position + HeaderSize;
            if (size > length - dataOffset)
            {
                throw new FormatException($"ar member '{name}' declares {size} bytes but only {length - dataOffset} remain");
            }
            members.Add(new ArMember(name, dataOffset, size));
            position = dataOffset + size + (size & 1); // members are 2-byte aligned
        }
        return members;
    }

    private static bool TryReadExactly(Stream stream, Span<byte> buffer)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length;
    }
}
