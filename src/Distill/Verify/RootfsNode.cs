namespace Distill.Verify;

/// <summary>What a flattened image holds at one path (metadata only; contents live in the extracted root when needed).</summary>
public sealed record RootfsNode(RootfsNodeKind Kind, UnixFileMode Mode, int Uid, int Gid, long Size, string? LinkTarget, int Layer);

/// <summary>The kind of a flattened entry.</summary>
public enum RootfsNodeKind
{
    File,
    Directory,
    Symlink,
    Hardlink,
    Other,
}
