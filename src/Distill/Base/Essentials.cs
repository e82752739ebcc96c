using Distill.Layers;

namespace Distill.Base;

/// <summary>
/// The distroless/static essentials (KNOWLEDGE.md §3): users and groups with a numeric non-root
/// user, <c>/tmp</c>, <c>/home/nonroot</c>, name-service files, the CA bundle, time zones,
/// netbase files and os-release. System data is copied from <c>--essentials-root</c> (the host's
/// <c>/</c> by default); account and name-service files are generated, so they are the same on
/// every host.
/// </summary>
public static class Essentials
{
    public const int NonRootUid = 65532;
    public const string CaBundlePath = "/etc/ssl/certs/ca-certificates.crt";
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // Same accounts as distroless (root 0, nonroot 65532, nobody 65534), shells that cannot log in.
    private const string Passwd =
        "root:x:0:0:root:/root:/sbin/nologin\n" +
        "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n" +
        "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n";

    private const string Group =
        "root:x:0:\n" +
        "nobody:x:65534:\n" +
        "tty:x:5:\n" +
        "staff:x:50:\n" +
        "nonroot:x:65532:\n";

    // "hosts: files dns" makes /etc/hosts win over DNS, which glibc, musl and Go all honour.
    private const string NsSwitch =
        "passwd:         files\n" +
        "group:          files\n" +
        "shadow:         files\n" +
        "hosts:          files dns\n" +
        "networks:       files\n" +
        "protocols:      files\n" +
        "services:       files\n" +
        "ethers:         files\n" +
        "rpc:            files\n";

    // Runtimes (docker, podman, Kubernetes) mount their own /etc/hosts; runc with a plain spec does not.
    private const string Hosts =
        "127.0.0.1\tlocalhost\n" +
        "::1\tlocalhost ip6-localhost ip6-loopback\n";

    /// <summary>Environment the essentials need (merged into the image config).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("PATH", DefaultPath),
        new("SSL_CERT_FILE", CaBundlePath),
    ];

    /// <summary>The generated essentials, the same on every host: accounts, name service, <c>/tmp</c> and the homes.</summary>
    public static IReadOnlyList<LayerEntry> Generated() =>
    [
        LayerEntry.FromText("etc/passwd", Passwd),
        LayerEntry.FromText("etc/group", Group),
        LayerEntry.FromText("etc/nsswitch.conf", NsSwitch),
        LayerEntry.FromText("etc/hosts", Hosts),
        LayerEntry.Directory("tmp", (UnixFileMode)0b1_111_111_111),
        LayerEntry.Directory("root", (UnixFileMode)0b111_000_000),
        LayerEntry.Directory("home"),
        LayerEntry.Directory("home/nonroot", (UnixFileMode)0b111_000_000, NonRootUid, NonRootUid),
    ];

    /// <summary>Plans the essentials layer from <paramref name="essentialsRoot"/>.</summary>
    /// <exception cref="DistillException">The root lacks the CA bundle or the zoneinfo tree.</exception>
    public static EssentialsPlan Plan(string essentialsRoot)
    {
        var root = Path.GetFullPath(essentialsRoot);
        if (!Directory.Exists(root))
        {
            throw new DistillException(ErrorCode.InputNotFound, $"essentials root '{essentialsRoot}' is not a directory");
        }
        var notes = new List<string>();
        var plan = new LayerPlan();
        plan.AddRange(Generated()).Add(LayerEntry.FromText("etc/os-release", OsRelease(root)));

        var bundle = Path.Combine(root, CaBundlePath.TrimStart('/'));
        if (!File.Exists(bundle))
        {
            throw new DistillException(ErrorCode.InputNotFound,
                $"no CA bundle at '{bundle}' for the static essentials; install ca-certificates or pass --essentials-root");
        }
        plan.AddRange(HostTree.Collect(bundle, "etc/ssl/certs"));
        // Where OpenSSL (static or not), LibreSSL and Go also look for roots.
        plan.Add(LayerEntry.Symlink("etc/ssl/cert.pem", "certs/ca-certificates.crt"))
            .Add(LayerEntry.Symlink("usr/lib/ssl/cert.pem", CaBundlePath))
            .Add(LayerEntry.Symlink("usr/lib/ssl/certs", "/etc/ssl/certs"));

        var zoneinfo = Path.Combine(root, "usr/share/zoneinfo");
        if (!Directory.Exists(zoneinfo))
        {
            throw new DistillException(ErrorCode.InputNotFound,
                $"no time zone data at '{zoneinfo}' for the static essentials; install tzdata or pass --essentials-root");
        }
        plan.AddRange(HostTree.Collect(zoneinfo, "usr/share/zoneinfo", SymlinkPolicy.KeepVerbatim));

        foreach (var optional in new[] { "etc/services", "etc/protocols", "etc/mime.types" })
        {
            var source = Path.Combine(root, optional);
            if (File.Exists(source))
            {
                plan.AddRange(HostTree.Collect(source, ImagePath.Parent(optional)));
            }
            else
            {
                notes.Add($"'{source}' is missing, so /{optional} is not in the image (install netbase / media-types)");
            }
        }
        return new EssentialsPlan(plan, notes);
    }

    private static string OsRelease(string root)
    {
        // Keep the host's distribution identity (scanners key on ID and VERSION_ID), as distroless does.
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var source = Path.Combine(root, "etc/os-release");
        if (!File.Exists(source))
        {
            source = Path.Combine(root, "usr/lib/os-release");
        }
        if (File.Exists(source))
        {
            foreach (var line in File.ReadAllLines(source))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && !line.StartsWith('#'))
                {
                    fields[line[..eq]] = line[(eq + 1)..];
                }
            }
        }
        var text = "PRETTY_NAME=\"Distill static\"\n";
        foreach (var key in new[] { "NAME", "ID", "VERSION_ID", "VERSION", "VERSION_CODENAME" })
        {
            if (fields.TryGetValue(key, out var value))
            {
                text += $"{key}={value}\n";
            }
        }
        return text;
    }
}

/// <summary>The essentials layer plan and notes about optional files that were missing.</summary>
public sealed record EssentialsPlan(LayerPlan Plan, IReadOnlyList<string> Notes);
