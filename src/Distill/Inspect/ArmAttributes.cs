namespace Distill.Inspect;

/// <summary>
/// Reads <c>Tag_CPU_arch</c> from an ARM <c>.ARM.attributes</c> section (ARM IHI 0045 "Addenda to the ABI":
/// 'A', then vendor subsections; the "aeabi" file subsection holds ULEB128 tag/value pairs, where tags
/// 4, 5, 67 and odd tags above 32 carry NUL-terminated strings and tag 32 a ULEB and a string).
/// </summary>
internal static class ArmAttributes
{
    private const int TagFile = 1, TagCpuArch = 6, TagCompatibility = 32;

    public static ulong? CpuArch(ElfBytes b, ReadOnlySpan<ElfSection> sections)
    {
        foreach (var s in sections)
        {
            if (s.Type == ElfConstants.SHT_ARM_ATTRIBUTES && s.HasData(b))
            {
                return Parse(b, b.Slice(s.Offset, s.Size, ".ARM.attributes"));
            }
        }
        return null;
    }

    private static ulong? Parse(ElfBytes b, ReadOnlySpan<byte> data)
    {
        if (data.Length < 1 || data[0] != (byte)'A')
        {
            return null;
        }
        var pos = 1;
        while (data.Length - pos >= 4)
        {
            var len = b.U32(data, pos);
            if (len < 4 || len > (uint)(data.Length - pos))
            {
                return null;
            }
            var sub = data.Slice(pos + 4, (int)len - 4);
            pos += (int)len;
            var nul = sub.IndexOf((byte)0);
            if (nul < 0 || !sub[..nul].SequenceEqual("aeabi"u8))
            {
                continue;
            }
            var attrs = sub[(nul + 1)..];
            // Sub-subsections: tag, u32 size (including tag and size), attributes.
            while (attrs.Length >= 5)
            {
                var tag = attrs[0];
                var size = b.U32(attrs, 1);
                if (size < 5 || size > (uint)attrs.Length)
                {
                    return null;
                }
                if (tag == TagFile && FindCpuArch(attrs[5..(int)size]) is { } arch)
                {
                    return arch;
                }
                attrs = attrs[(int)size..];
            }
        }
        return null;
    }

    private static ulong? FindCpuArch(ReadOnlySpan<byte> a)
    {
        while (!a.IsEmpty)
        {
            if (!Uleb(ref a, out var tag))
            {
                return null;
            }
            if (tag == TagCpuArch)
            {
                return Uleb(ref a, out var v) ? v : null;
            }
            var isString = tag is 4 or 5 or 67 || (tag > 32 && tag % 2 == 1);
            if (tag == TagCompatibility && !Uleb(ref a, out _))
            {
                return null;
            }
            if (isString || tag == TagCompatibility)
            {
                var nul = a.IndexOf((byte)0);
                if (nul < 0)
                {
                    return null;
                }
                a = a[(nul + 1)..];
            }
            else if (!Uleb(ref a, out _))
            {
                return null;
            }
        }
        return null;
    }

    private static bool Uleb(ref ReadOnlySpan<byte> a, out ulong value)
    {
        value = 0;
        for (var i = 0; i < a.Length && i < 10; i++)
        {
            value |= (ulong)(a[i] & 0x7f) << (7 * i);
            if (a[i] < 0x80)
            {
                a = a[(i + 1)..];
                return true;
            }
        }
        return false;
    }
}
