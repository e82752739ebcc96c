using System.Text;

namespace Distill.Inspect;

/// <summary>Substring probes over the mapped part of an ELF file (rodata, pclntab, dynstr), memoized.</summary>
internal sealed class ElfStrings
{
    private readonly byte[] _data;
    private readonly int _length;
    private readonly Dictionary<string, bool> _seen = new(StringComparer.Ordinal);

    private readonly bool _utf16;

    /// <param name="data">The file.</param>
    /// <param name="length">How much of it is mapped (and searched).</param>
    /// <param name="utf16">Also search UTF-16LE, how NativeAOT stores managed string literals.</param>
    public ElfStrings(byte[] data, int length, bool utf16 = false)
    {
        _data = data;
        _length = length;
        _utf16 = utf16;
    }

    public bool Contains(string text)
    {
        if (!_seen.TryGetValue(text, out var found))
        {
            var span = _data.AsSpan(0, _length);
            found = span.IndexOf(Encoding.ASCII.GetBytes(text)) >= 0 || (_utf16 && span.IndexOf(Encoding.Unicode.GetBytes(text)) >= 0);
            _seen[text] = found;
        }
        return found;
    }

    public bool ContainsAny(IEnumerable<string> needles) => needles.Any(Contains);
}
