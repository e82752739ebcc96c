namespace Distill.Base.Debian;

/// <summary>
/// The per-package dpkg metadata distroless writes so scanners (Trivy, Grype, Syft) see the packages:
/// <c>/var/lib/dpkg/status.d/&lt;pkg&gt;</c> holds the package's control paragraph with
/// <c>Status: install ok installed</c> (so the files concatenate into a valid dpkg status file), and
/// <c>&lt;pkg&gt;.md5sums</c> the package's own md5sums file.
/// </summary>
public static class DpkgStatus
{
    public const string Directory = "var/lib/dpkg/status.d";

    /// <summary>The status paragraph: the control fields with Status inserted after Package, ending in a blank line.</summary>
    public static string StatusText(DebPackageContents package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return StatusText(package.Control);
    }

    /// <summary>
    /// The status paragraph of any control paragraph (a .deb's, or the host's dpkg status): its fields
    /// without local state (Status, Conffiles), with <c>Status: install ok installed</c> after Package,
    /// so the files of status.d concatenate into a status file dpkg-query and scanners accept.
    /// </summary>
    public static string StatusText(Deb822Stanza control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var f in control.Fields)
        {
            if (string.Equals(f.Key, "Status", StringComparison.OrdinalIgnoreCase) || string.Equals(f.Key, "Conffiles", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            fields.Add(f);
            if (string.Equals(f.Key, "Package", StringComparison.OrdinalIgnoreCase))
            {
                fields.Add(new("Status", "install ok installed"));
            }
        }
        return control.ToText(fields) + "\n";
    }

    /// <summary>The file name used for a package (its name; dpkg's status.d has no architecture suffix).</summary>
    public static string FileName(DebPackageContents package) => package.Name;
}
