using System.Buffers.Binary;
using System.Text;

namespace Distill.Tests.Inspect;

/// <summary>Go build info blobs in both encodings, as the Go linker writes them.</summary>
internal static class GoBlob
{
    public static readonly byte[] Magic = [0xff, .. " Go buildinf:"u8];

    // cmd/go's infoStart/infoEnd sentinels frame the module text.
    private static readonly byte[] Start = Convert.FromHexString("3077af0c9274080241e1c107e6d618e6");
    private static readonly byte[] End = Convert.FromHexString("f932433186182072008242104116d8f2");

    public static byte[] Framed(string modText) => [.. Start, .. Encoding.UTF8.GetBytes(modText), .. End];

    /// <summary>The Go 1.18+ inline format: header, then two varint-prefixed strings.</summary>
    public static byte[] Inline(string version, string modText, int ptrSize = 8)
    {
        var blob = new List<byte>(Magic) { (byte)ptrSize, 2 };
        while (blob.Count < 32) blob.Add(0);
        Varint(blob, Encoding.UTF8.GetBytes(version));
        Varint(blob, Framed(modText));
        return [.. blob];
    }

    /// <summary>
    /// The pre-1.18 format: two pointers to Go string headers. Headers and bytes go in a trailer placed at
    /// <paramref name="trailerVaddr"/>; returns (blob, trailer).
    /// </summary>
    public static (byte[] Blob, byte[] Trailer) Pointers(string version, string modText, ulong trailerVaddr, bool bigEndian = false)
    {
        var v = Encoding.UTF8.GetBytes(version);
        var m = Framed(modText);
        var trailer = new byte[32 + v.Length + m.Length];
        Ptr(trailer, 0, trailerVaddr + 32, bigEndian);
        Ptr(trailer, 8, (ulong)v.Length, bigEndian);
        Ptr(trailer, 16, trailerVaddr + 32 + (ulong)v.Length, bigEndian);
        Ptr(trailer, 24, (ulong)m.Length, bigEndian);
        v.CopyTo(trailer, 32);
        m.CopyTo(trailer, 32 + v.Length);
        var blob = new byte[32];
        Magic.CopyTo(blob, 0);
        blob[14] = 8;
        blob[15] = (byte)(bigEndian ? 1 : 0);
        Ptr(blob, 16, trailerVaddr, bigEndian);
        Ptr(blob, 24, trailerVaddr + 16, bigEndian);
        return (blob, trailer);
    }

    private static void Ptr(byte[] a, int at, ulong v, bool big)
    {
        if (big) BinaryPrimitives.WriteUInt64BigEndian(a.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt64LittleEndian(a.AsSpan(at), v);
    }

    private static void Varint(List<byte> l, byte[] s)
    {
        var n = (ulong)s.Length;
        while (n >= 0x80) { l.Add((byte)(n | 0x80)); n >>= 7; }
        l.Add((byte)n);
        l.AddRange(s);
    }
}
