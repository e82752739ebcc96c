namespace Distill.Base.Debian;

/// <summary>The kinds of entry a Debian package may install.</summary>
public enum DebEntryType
{
    Directory,
    File,
    Symlink,
    /// <summary>A second name for an earlier regular file of the same package.</summary>
    HardLink,
}
