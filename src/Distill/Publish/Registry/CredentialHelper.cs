using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Distill.Publish.Registry;

/// <summary>
/// Runs a Docker credential helper (<c>docker-credential-NAME get</c>, the server URL on stdin, JSON
/// on stdout). "Not found" means no credentials; any other failure fails closed.
/// </summary>
public class CredentialHelper(IReadOnlyList<string>? searchDirectories = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int MaxOutput = 64 * 1024;

    /// <summary>Asks helper <paramref name="name"/> for <paramref name="serverUrl"/>.</summary>
    /// <exception cref="DistillException">The helper is missing, fails, hangs or answers garbage.</exception>
    public virtual async Task<RegistryCredential?> GetAsync(string name, string serverUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new DistillException(ErrorCode.RegistryAuth, $"credential helper name '{name}' is not valid");
        }
        var program = $"docker-credential-{name}";
        var executable = searchDirectories?.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? program;
        var start = new ProcessStartInfo(executable, ["get"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new DistillException(ErrorCode.RegistryAuth, $"credential helper '{program}' for {serverUrl} cannot be started (is it on PATH?)", e);
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                try
                {
                    await process.StandardInput.WriteAsync(serverUrl.AsMemory(), timeout.Token).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The helper exited without reading its input; its exit code tells what happened.
                }
                var stdout = ReadCappedAsync(process.StandardOutput, timeout.Token);
                var stderr = ReadCappedAsync(process.StandardError, timeout.Token);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    if (output.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }
                    throw new DistillException(ErrorCode.RegistryAuth, $"credential helper '{program}' failed for {serverUrl} (exit code {process.ExitCode})");
                }
                return Parse(output, program, serverUrl);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new DistillException(ErrorCode.RegistryAuth, $"credential helper '{program}' did not answer within {Timeout.TotalSeconds:0} s");
            }
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[MaxOutput];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        // Drain anything past the cap so the helper never blocks on a full pipe.
        while (await reader.ReadAsync(buffer.AsMemory(0, 1024), cancellationToken).ConfigureAwait(false) > 0)
        {
        }
        return new string(buffer, 0, total);
    }

    private static RegistryCredential Parse(string output, string program, string serverUrl)
    {
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(output));
            var root = doc.RootElement;
            var user = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() ?? "" : "";
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
            var origin = $"credential helper '{program}'";
            // Docker's convention: the user "<token>" means Secret is an identity (refresh) token.
            return user == "<token>"
                ? new RegistryCredential("", "") { IdentityToken = secret, Origin = origin }
                : new RegistryCredential(user, secret) { Origin = origin };
        }
        catch (JsonException e)
        {
            throw new DistillException(ErrorCode.RegistryAuth, $"credential helper '{program}' answered malformed JSON for {serverUrl}", e);
        }
    }
}
