namespace Distill.Base.Debian;

/// <summary>What a <c>.deb</c> holds: its control paragraph, its md5sums file and its checked data entries.</summary>
/// <param name="Control">The parsed <c>control</c> file.</param>
/// <param name="ControlText">The <c>control</c> file as shipped.</param>
/// <param name="Md5sums">The <c>md5sums</c> file as shipped, or null when the package has none.</param>
/// <param name="Entries">The data entries in archive order, directories included.</param>
public sealed record DebPackageContents(Deb822Stanza Control, string ControlText, string? Md5sums, IReadOnlyList<DebEntry> Entries)
{
    /// <summary>The package name from the control file.</summary>
    public string Name => Control["Package"] ?? "";

    /// <summary>The version from the control file.</summary>
    public string Version => Control["Version"] ?? "";

    /// <summary>The architecture from the control file.</summary>
    public string Architecture => Control["Architecture"] ?? "";
}
