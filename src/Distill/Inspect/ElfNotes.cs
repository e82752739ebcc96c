using System.Text;
using static Distill.Inspect.ElfConstants;

namespace Distill.Inspect;

/// <summary>Reads ELF notes from <c>PT_NOTE</c> segments (or <c>SHT_NOTE</c> sections when there are none).</summary>
internal sealed class ElfNotes
{
    public string? BuildId { get; private set; }
    public ElfAbiTag? AbiTag { get; private set; }
    public string? GoBuildId { get; private set; }

    public static ElfNotes Read(ElfBytes b, ReadOnlySpan<ElfSegment> segments, ReadOnlySpan<ElfSection> sections, List<string> warnings)
    {
        var notes = new ElfNotes();
        var seen = 0;
        var any = false;
        foreach (var s in segments)
        {
            if (s.Type == PT_NOTE)
            {
                any = true;
                notes.Walk(b, s.Offset, s.FileSize, s.Align, ref seen, warnings);
            }
        }
        if (!any)
        {
            foreach (var s in sections)
            {
                if (s.Type == SHT_NOTE)
                {
                    notes.Walk(b, s.Offset, s.Size, 4, ref seen, warnings);
                }
            }
        }
        return notes;
    }

    private void Walk(ElfBytes b, ulong offset, ulong size, ulong align, ref int seen, List<string> warnings)
    {
        if (!b.Fits(offset, size))
        {
            warnings.Add($"note area at 0x{offset:x} extends past the end of the file; skipped");
            return;
        }
        var area = b.Slice(offset, size, "note area");
        ulong a = align == 8 ? 8UL : 4UL;
        ulong pos = 0;
        var len = (ulong)area.Length;
        while (len - pos >= 12)
        {
            if (seen++ >= MaxNotes)
            {
                warnings.Add($"more than {MaxNotes} notes; the rest are skipped");
                return;
            }
            ulong nameSize = b.U32(area, (int)pos);
            ulong descSize = b.U32(area, (int)pos + 4);
            var type = b.U32(area, (int)pos + 8);
            // All terms are below 2^34, so these sums cannot overflow a ulong.
            var nameAt = pos + 12;
            var descAt = AlignUp(nameAt + nameSize, a);
            var next = AlignUp(descAt + descSize, a);
            if (descAt + descSize > len)
            {
                warnings.Add($"note at 0x{offset + pos:x} declares {nameSize}+{descSize} bytes, more than its area holds; notes skipped");
                return;
            }
            // Owner names we care about are short; a huge declared name is just skipped.
            var name = nameSize <= 64 ? Encoding.ASCII.GetString(area.Slice((int)nameAt, (int)nameSize)).TrimEnd('\0') : "";
            Take(b, name, type, area.Slice((int)descAt, (int)descSize));
            if (next >= len)
            {
                return;
            }
            pos = next;
        }
    }

    private void Take(ElfBytes b, string name, uint type, ReadOnlySpan<byte> desc)
    {
        if (name == "GNU" && type == NT_GNU_BUILD_ID && desc.Length > 0)
        {
            BuildId ??= Convert.ToHexStringLower(desc[..Math.Min(desc.Length, 64)]);
        }
        else if (name == "GNU" && type == NT_GNU_ABI_TAG && desc.Length >= 16)
        {
            var os = b.U32(desc, 0) switch { 0 => "Linux", 1 => "Hurd", 2 => "Solaris", 3 => "FreeBSD", 4 => "NetBSD", 5 => "Syllable", var n => $"os-{n}" };
            AbiTag ??= new ElfAbiTag(os, $"{b.U32(desc, 4)}.{b.U32(desc, 8)}.{b.U32(desc, 12)}");
        }
        else if (name == "Go" && type == NT_GO_BUILD_ID && desc.Length > 0)
        {
            GoBuildId ??= Encoding.UTF8.GetString(desc[..Math.Min(desc.Length, 1024)]).TrimEnd('\0');
        }
    }

    private static ulong AlignUp(ulong v, ulong a) => (v + a - 1) & ~(a - 1);
}
