using System.Text;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Base.Debian;

/// <summary>
/// Turns unpacked packages into layer plans: each package's entries (hard-link groups rewritten so
/// the first path in tar order holds the bytes) and its <c>status.d</c> files, with the rules that
/// span packages: nothing below another package's symlink or file, and no path installed twice
/// with different content.
/// </summary>
internal sealed class DebianLayers
{
    private const UnixFileMode Regular = (UnixFileMode)0b110_100_100;
    private readonly Dictionary<string, (string Package, DebEntry Entry)> _installed = new(StringComparer.Ordinal);

    /// <summary>Plans one layer holding <paramref name="packages"/> (already in a deterministic order).</summary>
    /// <exception cref="DistillException">Two packages clash or one writes below another's symlink.</exception>
    public LayerPlan PlanPackages(IEnumerable<DebPackageContents> packages)
    {
        var plan = new LayerPlan();
        foreach (var package in packages)
        {
            var entries = DebianTiers.Processed.Contains(package.Name)
                ? package.Entries.Where(e => e.Path.StartsWith("usr/share/doc/", StringComparison.Ordinal)).ToList()
                : package.Entries;
            foreach (var entry in Rewrite(entries))
            {
                if (Claim(package.Name, entry.Source))
                {
                    plan.Add(entry.Layer);
                }
            }
            plan.Add(LayerEntry.FromText($"{DpkgStatus.Directory}/{DpkgStatus.FileName(package)}", DpkgStatus.StatusText(package)));
            if (package.Md5sums is { } md5)
            {
                plan.Add(LayerEntry.FromText($"{DpkgStatus.Directory}/{DpkgStatus.FileName(package)}.md5sums", md5));
            }
        }
        return plan;
    }

    /// <summary>The generated layer: accounts and homes, os-release, the CA bundle and the tier's extras.</summary>
    public static LayerPlan PlanGenerated(DebianTier tier, IReadOnlyDictionary<string, DebPackageContents> byName, string architecture, long epoch)
    {
        var plan = new LayerPlan().AddRange(Essentials.Generated());
        if (byName.TryGetValue("base-files", out var baseFiles) && OsRelease(baseFiles) is { } osRelease)
        {
            plan.Add(LayerEntry.FromText("etc/os-release", osRelease));
        }
        if (byName.TryGetValue("ca-certificates", out var ca))
        {
            var bundle = CaBundle.Build(ca);
            plan.Add(LayerEntry.FromBytes(Essentials.CaBundlePath, bundle, Regular));
            if (DebianTiers.Chain(tier.Name).Any(t => t.Name == "java17"))
            {
                plan.Add(LayerEntry.FromBytes(JavaKeystore.ImagePath, JavaKeystore.Build(CaBundle.Certificates(bundle), epoch), Regular));
            }
        }
        if (tier.Name == "java17")
        {
            // update-alternatives makes this link in the JRE's postinst, which never runs here.
            plan.Add(LayerEntry.Symlink("usr/bin/java", $"/usr/lib/jvm/java-17-openjdk-{architecture}/bin/java"));
        }
        return plan;
    }

    /// <summary>distroless's os-release: the distribution's identity from base-files, under a name that says what the image is.</summary>
    private static string? OsRelease(DebPackageContents baseFiles)
    {
        var source = baseFiles.Entries.FirstOrDefault(e => e.Path == "usr/lib/os-release" && e.Content is not null);
        if (source is null)
        {
            return null;
        }
        var fields = File.ReadAllLines(source.Content!.FilePath)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && !p[0].StartsWith('#'))
            .GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        var text = new StringBuilder("PRETTY_NAME=\"Distill base (distroless-equivalent)\"\n");
        foreach (var key in new[] { "NAME", "ID", "VERSION_ID", "VERSION", "VERSION_CODENAME" })
        {
            if (fields.TryGetValue(key, out var value))
            {
                text.Append(key).Append('=').Append(value).Append('\n');
            }
        }
        return text.ToString();
    }

    private bool Claim(string package, DebEntry entry)
    {
        foreach (var ancestor in DebPath.Ancestors(entry.Path))
        {
            if (_installed.TryGetValue(ancestor, out var owner) && owner.Entry.Type != DebEntryType.Directory)
            {
                throw new DistillException(ErrorCode.Debian,
                    $"package {package} installs '/{entry.Path}' below '/{ancestor}', which package {owner.Package} installs as a {owner.Entry.Type.ToString().ToLowerInvariant()}");
            }
        }
        if (_installed.TryGetValue(entry.Path, out var existing))
        {
            if (entry.Type == DebEntryType.Directory && existing.Entry.Type == DebEntryType.Directory)
            {
                return false; // a shared directory: the first package's entry stands
            }
            if (SameContent(entry, existing.Entry))
            {
                return false;
            }
            throw new DistillException(ErrorCode.Debian,
                $"packages {existing.Package} and {package} both install '/{entry.Path}' with different content");
        }
        _installed[entry.Path] = (package, entry);
        return true;
    }

    private static bool SameContent(DebEntry a, DebEntry b) =>
        a.Type == b.Type && a.Mode == b.Mode && a.LinkTarget == b.LinkTarget && a.Content?.Sha256 == b.Content?.Sha256;

    /// <summary>Maps entries to layer entries; each hard-link group's first path (tar order) becomes the file.</summary>
    private static IEnumerable<(DebEntry Source, LayerEntry Layer)> Rewrite(IReadOnlyList<DebEntry> entries)
    {
        var groups = entries.Where(e => e.Type == DebEntryType.HardLink)
            .GroupBy(e => e.LinkTarget!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Path).Append(g.Key).Min(Utf8Ordinal.Instance)!, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var mode = (UnixFileMode)e.Mode;
            var groupKey = e.Type == DebEntryType.HardLink ? e.LinkTarget! : e.Path;
            yield return (e, e.Type switch
            {
                DebEntryType.Directory => LayerEntry.Directory(e.Path, mode, e.Uid, e.Gid),
                DebEntryType.Symlink => LayerEntry.Symlink(e.Path, e.LinkTarget!, e.Uid, e.Gid),
                _ when groups.TryGetValue(groupKey, out var first) && first != e.Path => LayerEntry.Hardlink(e.Path, first, mode) with { Uid = e.Uid, Gid = e.Gid },
                _ => LayerEntry.FromFile(e.Path, e.Content!.FilePath, mode, e.Content.Size, e.Uid, e.Gid),
            });
        }
    }
}
