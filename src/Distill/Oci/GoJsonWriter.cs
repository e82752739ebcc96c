using System.Buffers;
using System.Text;

namespace Distill.Oci;

/// <summary>
/// A compact JSON writer whose bytes match Go's <c>encoding/json</c> (what containerd, ggcr, ko and
/// umoci write): no whitespace, <c>+</c> unescaped, <c>&lt; &gt; &amp;</c> escaped as lowercase
/// <c>\u003c</c>, U+2028/2029 escaped, invalid UTF-16 replaced with U+FFFD. System.Text.Json's encoders
/// either escape <c>+</c> or write uppercase hex, and digests are computed over these bytes.
/// </summary>
public sealed class GoJsonWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    // One flag per open container: whether the next member/element needs a comma.
    private readonly Stack<bool> _needsComma = new();
    private bool _afterPropertyName;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public GoJsonWriter StartObject() { BeforeValue(); Raw((byte)'{'); _needsComma.Push(false); return this; }
    public GoJsonWriter EndObject() { _needsComma.Pop(); Raw((byte)'}'); return this; }
    public GoJsonWriter StartArray() { BeforeValue(); Raw((byte)'['); _needsComma.Push(false); return this; }
    public GoJsonWriter EndArray() { _needsComma.Pop(); Raw((byte)']'); return this; }

    public GoJsonWriter Name(string name)
    {
        if (_needsComma.Count > 0 && _needsComma.Peek())
        {
            Raw((byte)',');
        }
        if (_needsComma.Count > 0)
        {
            _needsComma.Pop();
            _needsComma.Push(true);
        }
        WriteQuoted(name);
        Raw((byte)':');
        _afterPropertyName = true;
        return this;
    }

    public GoJsonWriter String(string value) { BeforeValue(); WriteQuoted(value); return this; }
    public GoJsonWriter Number(long value) { BeforeValue(); Ascii(value.ToString(System.Globalization.CultureInfo.InvariantCulture)); return this; }
    public GoJsonWriter Bool(bool value) { BeforeValue(); Ascii(value ? "true" : "false"); return this; }
    public GoJsonWriter Null() { BeforeValue(); Ascii("null"); return this; }

    /// <summary>Writes already-encoded JSON (a preserved unknown member) verbatim.</summary>
    public GoJsonWriter RawJson(string json) { BeforeValue(); Ascii(json, allowAnyChar: true); return this; }

    public GoJsonWriter Property(string name, string value) => Name(name).String(value);
    public GoJsonWriter Property(string name, long value) => Name(name).Number(value);

    /// <summary>Writes a property only when the value is not null or empty (Go's <c>omitempty</c>).</summary>
    public GoJsonWriter OptionalProperty(string name, string? value) => string.IsNullOrEmpty(value) ? this : Property(name, value);

    /// <summary>Writes a string array.</summary>
    public GoJsonWriter StringArray(IEnumerable<string> values)
    {
        StartArray();
        foreach (var v in values)
        {
            String(v);
        }
        return EndArray();
    }

    /// <summary>Writes a string map with keys sorted by their UTF-8 bytes, as Go does.</summary>
    public GoJsonWriter StringMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        StartObject();
        foreach (var (k, v) in map.OrderBy(p => p.Key, Utf8Ordinal.Instance))
        {
            Property(k, v);
        }
        return EndObject();
    }

    private void BeforeValue()
    {
        if (_afterPropertyName)
        {
            _afterPropertyName = false;
            return;
        }
        if (_needsComma.Count > 0)
        {
            if (_needsComma.Peek())
            {
                Raw((byte)',');
            }
            _needsComma.Pop();
            _needsComma.Push(true);
        }
    }

    private void Raw(byte b)
    {
        var span = _buffer.GetSpan(1);
        span[0] = b;
        _buffer.Advance(1);
    }

    private void Ascii(string s, bool allowAnyChar = false)
    {
        if (allowAnyChar)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            _buffer.Write(bytes);
            return;
        }
        var span = _buffer.GetSpan(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            span[i] = (byte)s[i];
        }
        _buffer.Advance(s.Length);
    }

    private void WriteQuoted(string s)
    {
        Raw((byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': Ascii("\\\""); continue;
                case '\\': Ascii("\\\\"); continue;
                case '\n': Ascii("\\n"); continue;
                case '\r': Ascii("\\r"); continue;
                case '\t': Ascii("\\t"); continue;
                case '\b': Ascii("\\b"); continue;
                case '\f': Ascii("\\f"); continue;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    Ascii("\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    continue;
            }
            if (c < 0x20)
            {
                Ascii("\\u00" + ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            if (c < 0x80)
            {
                Raw((byte)c);
                continue;
            }
            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                rune = new Rune(c, s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                rune = Rune.ReplacementChar;
            }
            else
            {
                rune = new Rune(c);
            }
            var n = rune.EncodeToUtf8(utf8);
            _buffer.Write(utf8[..n]);
        }
        Raw((byte)'"');
    }
}

/// <summary>Orders strings by their UTF-8 bytes (Go's map key order; differs from ordinal UTF-16 for non-BMP).</summary>
public sealed class Utf8Ordinal : IComparer<string>
{
    public static readonly Utf8Ordinal Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        // Surrogate pairs sort above U+E000..U+FFFF in UTF-8 but below them in UTF-16.
        var i = 0;
        var j = 0;
        while (i < x.Length && j < y.Length)
        {
            Rune.DecodeFromUtf16(x.AsSpan(i), out var rx, out var nx);
            Rune.DecodeFromUtf16(y.AsSpan(j), out var ry, out var ny);
            if (rx != ry)
            {
                return rx.Value.CompareTo(ry.Value);
            }
            i += nx;
            j += ny;
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }
}
