using Distill.Tests.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Distill.Tests.Publish.Registry;

/// <summary>How the test registry authenticates.</summary>
internal enum RegistryAuthMode
{
    None,
    Htpasswd,
    Token,
}

/// <summary>
/// The real CNCF registry (Debian's <c>docker-registry</c>) on 127.0.0.1 with filesystem storage in
/// a temp dir, optionally with htpasswd auth, TLS from a test CA, or token auth backed by
/// <see cref="TokenServer"/>. Started and stopped by the tests.
/// </summary>
internal sealed class RegistryServer : IAsyncDisposable
{
    public const string User = "distill";
    public const string Password = "s3cret-Pa55";

    private readonly Process _process;
    private readonly TempDir _dir;
    private readonly StringBuilder _log = new();

    private RegistryServer(Process process, TempDir dir, int port, TestCertificates? tls, TokenServer? tokens)
    {
        _process = process;
        _dir = dir;
        Port = port;
        Tls = tls;
        Tokens = tokens;
    }

    public int Port { get; }

    /// <summary>host:port as references write it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public TestCertificates? Tls { get; }

    public TokenServer? Tokens { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<RegistryServer> StartAsync(RegistryAuthMode auth, bool tls = false)
    {
        var binary = Tools.Require("docker-registry");
        var dir = new TempDir("distill-registry");
        var port = FreePort();
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:\n  level: info\n  formatter: text");
        yaml.AppendLine($"storage:\n  filesystem:\n    rootdirectory: {dir["storage"]}\n  delete:\n    enabled: true");
        yaml.AppendLine($"http:\n  addr: 127.0.0.1:{port}\n  secret: distill-test-secret");
        TestCertificates? certs = null;
        if (tls)
        {
            certs = TestCertificates.Create(dir["tls"]);
            yaml.AppendLine($"  tls:\n    certificate: {certs.ServerCertPath}\n    key: {certs.ServerKeyPath}");
        }
        TokenServer? tokens = null;
        if (auth == RegistryAuthMode.Htpasswd)
        {
            var htpasswd = Tools.Require("htpasswd");
            var file = dir["htpasswd"];
            using var p = Process.Start(new ProcessStartInfo(htpasswd, ["-Bbc", file, User, Password]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, p.ExitCode);
            yaml.AppendLine($"auth:\n  htpasswd:\n    realm: distill-test\n    path: {file}");
        }
        else if (auth == RegistryAuthMode.Token)
        {
            tokens = TokenServer.Start(dir["token"]);
            yaml.AppendLine($"auth:\n  token:\n    realm: {tokens.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {tokens.CertificatePath}");
        }
        var config = dir["config.yml"];
        await File.WriteAllTextAsync(config, yaml.ToString(), TestContext.Current.CancellationToken);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(binary, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false },
        };
        process.Start();
        var server = new RegistryServer(process, dir, port, certs, tokens);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}: {Log}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
        throw new TimeoutException($"docker-registry did not listen on {Port}: {Log}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        Tokens?.Dispose();
        _dir.Dispose();
    }
}
