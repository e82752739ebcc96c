using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Distill.Tests.Base.Debian;

/// <summary>Builds .deb files byte by byte in tests, including ones dpkg-deb would never write.</summary>
internal static class DebBuilder
{
    /// <summary>A control file for a package.</summary>
    public static string Control(string name, string version = "1.0", string arch = "amd64", string? depends = null, string? extra = null) =>
        $"Package: {name}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: Test <test@example.invalid>\n"
        + (depends is null ? "" : $"Depends: {depends}\n") + (extra ?? "") + "Description: test package\n";

    /// <summary>A gzip'd tar made of the given entries, written in order.</summary>
    public static byte[] TarGz(Action<TarWriter> write, TarEntryFormat format = TarEntryFormat.Gnu)
    {
        var tar = new MemoryStream();
        using (var w = new TarWriter(tar, format, leaveOpen: true))
        {
            write(w);
        }
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(tar.ToArray());
        }
        return gz.ToArray();
    }

    public static void AddFile(TarWriter w, string name, string content, TarEntryFormat format = TarEntryFormat.Gnu)
    {
        var e = NewEntry(format, TarEntryType.RegularFile, name);
        e.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        e.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        w.WriteEntry(e);
    }

    public static void AddDir(TarWriter w, string name, TarEntryFormat format = TarEntryFormat.Gnu)
    {
        var e = NewEntry(format, TarEntryType.Directory, name);
        e.Mode = (UnixFileMode)0x1ED; // 0755
        w.WriteEntry(e);
    }

    public static void AddLink(TarWriter w, TarEntryType type, string name, string target, TarEntryFormat format = TarEntryFormat.Gnu)
    {
        var e = NewEntry(format, type, name);
        e.LinkName = target;
        e.Mode = (UnixFileMode)0x1FF;
        w.WriteEntry(e);
    }

    public static TarEntry NewEntry(TarEntryFormat format, TarEntryType type, string name) => format switch
    {
        TarEntryFormat.Pax => new PaxTarEntry(type, name),
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        _ => new GnuTarEntry(type, name),
    };

    /// <summary>An ar archive of the given members.</summary>
    public static byte[] Ar(params (string Name, byte[] Data)[] members)
    {
        var ms = new MemoryStream();
        ms.Write("!<arch>\n"u8);
        foreach (var (name, data) in members)
        {
            var header = $"{name,-16}{0,-12}{0,-6}{0,-6}{"100644",-8}{data.Length,-10}`\n";
            ms.Write(Encoding.ASCII.GetBytes(header));
            ms.Write(data);
            if (data.Length % 2 == 1)
            {
                ms.WriteByte((byte)'\n');
            }
        }
        return ms.ToArray();
    }

    /// <summary>A complete .deb with the given data.tar.gz bytes.</summary>
    public static byte[] Deb(string control, byte[] dataTarGz) =>
        Ar(("debian-binary", "2.0\n"u8.ToArray()),
           ("control.tar.gz", TarGz(w => AddFile(w, "./control", control))),
           ("data.tar.gz", dataTarGz));

    /// <summary>Writes a .deb into <paramref name="dir"/> and returns its path.</summary>
    public static string Write(string dir, string fileName, byte[] deb)
    {
        var path = Path.Combine(dir, fileName);
        System.IO.File.WriteAllBytes(path, deb);
        return path;
    }
}
