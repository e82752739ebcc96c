namespace Distill.Base.Debian;

/// <summary>
/// One filesystem entry of a package's <c>data.tar</c>, normalized and checked: <see cref="Path"/> is
/// relative to the image root (no leading <c>/</c> or <c>./</c>, no <c>.</c> or <c>..</c> components),
/// never below a symlink of the same package. Timestamps and owner names are dropped on purpose.
/// </summary>
/// <param name="Path">Root-relative path with <c>/</c> separators.</param>
/// <param name="Type">What the entry is.</param>
/// <param name="Mode">Permission bits including setuid/setgid/sticky (07777).</param>
/// <param name="Uid">Numeric owner from the archive.</param>
/// <param name="Gid">Numeric group from the archive.</param>
/// <param name="Size">Content length for files and hard links, else 0.</param>
/// <param name="LinkTarget">Symlink target verbatim (absolute targets kept), or the root-relative path a hard link names.</param>
/// <param name="Content">Where the bytes are (files and hard links).</param>
public sealed record DebEntry(
    string Path,
    DebEntryType Type,
    int Mode,
    int Uid,
    int Gid,
    long Size,
    string? LinkTarget,
    DebContent? Content);
