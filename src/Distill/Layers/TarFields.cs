namespace Distill.Layers;

/// <summary>USTAR header field offsets and lengths (POSIX.1-1988), named like System.Formats.Tar's FieldLocations.</summary>
internal static class TarFields
{
    public const int BlockSize = 512;
    public const int Name = 0, NameLength = 100;
    public const int Mode = 100, ModeLength = 8;
    public const int Uid = 108, UidLength = 8;
    public const int Gid = 116, GidLength = 8;
    public const int Size = 124, SizeLength = 12;
    public const int Mtime = 136, MtimeLength = 12;
    public const int Checksum = 148, ChecksumLength = 8;
    public const int TypeFlag = 156;
    public const int LinkName = 157, LinkNameLength = 100;
    public const int Magic = 257;
    public const int Version = 263;
    public const int DevMajor = 329, DevMinor = 337, DevLength = 8;
    public const int Prefix = 345, PrefixLength = 155;

    /// <summary>The largest value an 11-digit octal size field holds (8 GiB - 1).</summary>
    public const long MaxOctalSize = 0x1_FFFF_FFFF;

    /// <summary>The largest value a 7-digit octal id field holds.</summary>
    public const long MaxOctalId = 0x1F_FFFF;
}
