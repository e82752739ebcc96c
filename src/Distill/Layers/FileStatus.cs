using System.Runtime.InteropServices;

namespace Distill.Layers;

/// <summary>The kind of a host file system object, as lstat reports it.</summary>
public enum HostFileType
{
    Regular,
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Unknown,
}

/// <summary>
/// lstat-like facts .NET's FileInfo does not expose (file type, inode, link count), read with
/// Linux's statx(2), whose struct layout is the same on every architecture.
/// </summary>
public readonly record struct FileStatus(HostFileType Type, uint Mode, long Size, ulong Inode, ulong Device, uint LinkCount, long MtimeSeconds, uint MtimeNanoseconds)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>Reads the status of <paramref name="path"/> without following a final symlink.</summary>
    /// <exception cref="IOException">The path does not exist or cannot be examined.</exception>
    public static FileStatus Lstat(string path)
    {
        var buffer = new byte[256];
        if (NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot examine '{path}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        // struct statx: stx_nlink @16, stx_mode @28 (u16), stx_ino @32, stx_size @40,
        // stx_mtime @112 (i64 sec, u32 nsec), stx_dev_major @136, stx_dev_minor @140.
        var span = buffer.AsSpan();
        var mode = MemoryMarshal.Read<ushort>(span[28..]);
        var type = (mode & 0xF000) switch
        {
            0x8000 => HostFileType.Regular,
            0x4000 => HostFileType.Directory,
            0xA000 => HostFileType.Symlink,
            0x1000 => HostFileType.Fifo,
            0xC000 => HostFileType.Socket,
            0x2000 => HostFileType.CharDevice,
            0x6000 => HostFileType.BlockDevice,
            _ => HostFileType.Unknown,
        };
        return new FileStatus(
            type,
            (uint)(mode & 0xFFF),
            MemoryMarshal.Read<long>(span[40..]),
            MemoryMarshal.Read<ulong>(span[32..]),
            ((ulong)MemoryMarshal.Read<uint>(span[136..]) << 32) | MemoryMarshal.Read<uint>(span[140..]),
            MemoryMarshal.Read<uint>(span[16..]),
            MemoryMarshal.Read<long>(span[112..]),
            MemoryMarshal.Read<uint>(span[120..]));
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // DllImport keeps the project free of unsafe code.
        internal static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
