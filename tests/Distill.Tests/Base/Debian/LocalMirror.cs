using System.Net;
using System.Net.Sockets;
using Distill.Base.Debian;
using Xunit;

using Distill.Tests.Testing;

namespace Distill.Tests.Base.Debian;

/// <summary>
/// A signed Debian repository made by the tests and served on 127.0.0.1: real packages from
/// <c>apt-get download</c> (the static tier's) plus synthetic ones with broken dependencies, an index
/// from <c>dpkg-scanpackages</c>, a Release from <c>apt-ftparchive</c> signed (InRelease and
/// Release.gpg) with a throwaway key. <see cref="CopyAsync"/> gives each test its own copy to tamper with.
/// </summary>
public sealed class LocalMirror : IAsyncLifetime
{
    public const string Suite = "distill-test";
    private static readonly string[] RealPackages = ["base-files", "netbase", "tzdata", "media-types", "ca-certificates"];
    private readonly TempDir _dir = new();

    /// <summary>The pristine repository directory.</summary>
    public string Root => _dir["repo"];

    /// <summary>The public keyring that verifies the repository.</summary>
    public string Keyring => _dir["trusted.gpg"];

    /// <summary>A second key's GNUPGHOME, whose signatures the keyring does not trust.</summary>
    public string StrangerHome => _dir["stranger"];

    public string GnupgHome => _dir["gnupg"];

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        foreach (var tool in new[] { "apt-get", "dpkg-scanpackages", "apt-ftparchive", "gpg", "gpgv", "xz" })
        {
            if (!ToolExists(tool))
            {
                SkipReason = $"'{tool}' is not installed";
                return;
            }
        }
        var pool = Path.Combine(Root, "pool", "main");
        Directory.CreateDirectory(pool);
        var (exit, _, err) = DebianTools.Run("apt-get", ["download", .. RealPackages], pool);
        if (exit != 0)
        {
            SkipReason = $"apt-get download failed: {err.Trim()}";
            return;
        }
        WriteSynthetic(pool);
        CreateKey(GnupgHome, "Distill Test Archive <archive@example.invalid>");
        CreateKey(StrangerHome, "Stranger <stranger@example.invalid>");
        DebianTools.RunOk("gpg", ["--homedir", GnupgHome, "--batch", "--yes", "--output", Keyring, "--export"]);
        Reindex(Root, GnupgHome);
        await Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Skips the test (or fails it under CI=true) when the mirror could not be built.</summary>
    public void Require()
    {
        if (SkipReason is null)
        {
            return;
        }
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(SkipReason);
        }
        Assert.Skip(SkipReason);
    }

    /// <summary>A private copy of the repository, served until disposed.</summary>
    public MirrorCopy Copy()
    {
        Require();
        var copy = new MirrorCopy(this);
        DebianTools.RunOk("cp", ["-a", Root, copy.Root]);
        copy.Start();
        return copy;
    }

    /// <summary>Rebuilds Packages(.xz/.gz), Release, InRelease and Release.gpg of a repository directory.</summary>
    public static void Reindex(string root, string gnupgHome, bool sign = true)
    {
        var binary = Path.Combine(root, "dists", Suite, "main", "binary-amd64");
        Directory.CreateDirectory(binary);
        var packages = DebianTools.RunOk("dpkg-scanpackages", ["--multiversion", "pool", "/dev/null"], root);
        File.WriteAllText(Path.Combine(binary, "Packages"), packages);
        DebianTools.RunOk("xz", ["-kf", Path.Combine(binary, "Packages")]);
        DebianTools.RunOk("gzip", ["-kf", "-n", Path.Combine(binary, "Packages")]);
        var dist = Path.Combine(root, "dists", Suite);
        foreach (var f in new[] { "Release", "InRelease", "Release.gpg" })
        {
            File.Delete(Path.Combine(dist, f));
        }
        var release = DebianTools.RunOk("apt-ftparchive", [
            "-o", $"APT::FTPArchive::Release::Suite={Suite}", "-o", $"APT::FTPArchive::Release::Codename={Suite}",
            "-o", "APT::FTPArchive::Release::Architectures=amd64", "-o", "APT::FTPArchive::Release::Components=main",
            "release", dist]);
        File.WriteAllText(Path.Combine(dist, "Release"), release);
        if (sign)
        {
            Sign(dist, gnupgHome);
        }
    }

    /// <summary>Signs dists/SUITE/Release into InRelease and Release.gpg with the key in <paramref name="gnupgHome"/>.</summary>
    public static void Sign(string dist, string gnupgHome)
    {
        DebianTools.RunOk("gpg", ["--homedir", gnupgHome, "--batch", "--yes", "--digest-algo", "SHA256", "--clearsign", "--output", Path.Combine(dist, "InRelease"), Path.Combine(dist, "Release")]);
        DebianTools.RunOk("gpg", ["--homedir", gnupgHome, "--batch", "--yes", "--digest-algo", "SHA256", "--armor", "--detach-sign", "--output", Path.Combine(dist, "Release.gpg"), Path.Combine(dist, "Release")]);
    }

    private static void CreateKey(string home, string uid)
    {
        Directory.CreateDirectory(home);
        DebianTools.RunOk("chmod", ["700", home]);
        DebianTools.RunOk("gpg", ["--homedir", home, "--batch", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"]);
    }

    // Packages whose dependencies cannot be met: a missing one, and a version no repository has.
    private static void WriteSynthetic(string pool)
    {
        void Deb(string name, string version, string? depends, string? extra = null) =>
            DebBuilder.Write(pool, $"{name}_{version}_all.deb", DebBuilder.Deb(DebBuilder.Control(name, version, "all", depends, extra),
                DebBuilder.TarGz(w => DebBuilder.AddFile(w, $"./usr/share/{name}/README", name))));
        Deb("distill-app", "1.0", "distill-lib (>= 2.0)");
        Deb("distill-lib", "1.0", null);
        Deb("distill-top", "1.0", "distill-middle");
        Deb("distill-middle", "1.0", "distill-missing | distill-also-missing");
        Deb("distill-virtual-user", "1.0", "distill-virtual");
        Deb("distill-provider", "1.0", null, "Provides: distill-virtual\n");
    }

    private static bool ToolExists(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>A copy of the repository served over HTTP on 127.0.0.1.</summary>
    public sealed class MirrorCopy : IDisposable
    {
        private readonly LocalMirror _mirror;
        private readonly TempDir _dir = new();
        private HttpListener? _listener;
        private Task? _loop;

        internal MirrorCopy(LocalMirror mirror) => _mirror = mirror;

        public string Root => _dir["repo"];

        public string CacheRoot => _dir["cache"];

        public string Url { get; private set; } = "";

        /// <summary>Number of requests served per path (to prove what was fetched).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, int> Requests { get; } = new();

        public string Keyring => _mirror.Keyring;

        public string Dist => Path.Combine(Root, "dists", Suite);

        public AptSource Source => AptSources.Explicit(Url, Suite, ["main"], [Keyring]);

        /// <summary>Options that build from this copy only, with a private cache.</summary>
        public DebianBaseOptions Options(IReadOnlyList<string>? add = null) => new()
        {
            Sources = [Source],
            CacheRoot = CacheRoot,
            Add = add ?? [],
        };

        public void Reindex(bool sign = true) => LocalMirror.Reindex(Root, _mirror.GnupgHome, sign);

        public void SignWithStranger() => Sign(Dist, _mirror.StrangerHome);

        /// <summary>The trusted signing key's home, to re-sign an edited Release.</summary>
        public string GnupgHome => _mirror.GnupgHome;

        internal void Start()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener = new HttpListener();
            _listener.Prefixes.Add(Url);
            _listener.Start();
            Url = Url.TrimEnd('/');
            _loop = Task.Run(ServeAsync);
        }

        private async Task ServeAsync()
        {
            while (_listener is { IsListening: true })
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
                Requests.AddOrUpdate(relative, 1, (_, n) => n + 1);
                var path = Path.GetFullPath(Path.Combine(Root, relative));
                try
                {
                    if (!path.StartsWith(Root + "/", StringComparison.Ordinal) || !File.Exists(path))
                    {
                        context.Response.StatusCode = 404;
                    }
                    else
                    {
                        var bytes = await File.ReadAllBytesAsync(path);
                        context.Response.ContentLength64 = bytes.Length;
                        await context.Response.OutputStream.WriteAsync(bytes);
                    }
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                }
            }
        }

        /// <summary>Stops serving (the files stay).</summary>
        public void Stop()
        {
            if (_listener is { } listener)
            {
                _listener = null;
                listener.Stop();
                listener.Close();
                _loop?.Wait(TimeSpan.FromSeconds(5));
            }
        }

        public void Dispose()
        {
            Stop();
            _dir.Dispose();
        }
    }
}
