using System.Diagnostics;
using System.Text;

namespace Distill.Base.Debian;

/// <summary>
/// Verifies repository signatures with <c>gpgv</c>, as apt does, and returns only the bytes the
/// signature covers. Armored keyrings (<c>*.asc</c>, inline <c>Signed-By</c> blocks) are dearmored
/// into a temp file first, since gpgv reads binary keyrings only.
/// </summary>
public static class Gpgv
{
    // VALIDSIG's hash algorithm field: MD5, SHA1 and RIPEMD160 are refused, as apt refuses them.
    private static readonly HashSet<string> WeakHashes = ["1", "2", "3"];
    private static readonly string[] FailureTokens = ["NO_PUBKEY", "EXPKEYSIG", "REVKEYSIG", "NODATA", "ERRSIG"];

    /// <summary>Verifies a clearsigned <c>InRelease</c> file and returns the signed text.</summary>
    /// <exception cref="DistillException">The signature is missing, bad, weak or from an unknown key.</exception>
    public static async Task<string> VerifyClearsignedAsync(string file, IReadOnlyList<string> keyrings, string what, CancellationToken ct)
    {
        CheckSingleClearsignedMessage(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false), what);
        var output = file + ".signed-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await RunAsync(["-o", output, file], keyrings, what, ct).ConfigureAwait(false);
            return await File.ReadAllTextAsync(output, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Verifies a detached signature (<c>Release.gpg</c>) over <paramref name="file"/>.</summary>
    public static Task VerifyDetachedAsync(string file, string signature, IReadOnlyList<string> keyrings, string what, CancellationToken ct) =>
        RunAsync([signature, file], keyrings, what, ct);

    /// <summary>apt's rule: exactly one signed message, nothing but whitespace around it.</summary>
    private static void CheckSingleClearsignedMessage(string text, string what)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("-----BEGIN PGP SIGNED MESSAGE-----", StringComparison.Ordinal)
            || !trimmed.EndsWith("-----END PGP SIGNATURE-----", StringComparison.Ordinal)
            || Count(text, "-----BEGIN PGP SIGNED MESSAGE-----") != 1 || Count(text, "-----BEGIN PGP SIGNATURE-----") != 1)
        {
            throw new DistillException(ErrorCode.DebianSignature, $"{what} is not exactly one clearsigned message");
        }

        static int Count(string s, string needle)
        {
            var n = 0;
            for (var i = s.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = s.IndexOf(needle, i + 1, StringComparison.Ordinal))
            {
                n++;
            }
            return n;
        }
    }

    private static async Task RunAsync(IReadOnlyList<string> args, IReadOnlyList<string> keyrings, string what, CancellationToken ct)
    {
        if (keyrings.Count == 0)
        {
            throw new DistillException(ErrorCode.DebianSignature, $"{what}: no keyring to verify it with (configure Signed-By or pass --keyring)");
        }
        var temps = new List<string>();
        try
        {
            var psi = new ProcessStartInfo("gpgv")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            psi.ArgumentList.Add("--status-fd");
            psi.ArgumentList.Add("1");
            foreach (var keyring in keyrings)
            {
                psi.ArgumentList.Add("--keyring");
                psi.ArgumentList.Add(await BinaryKeyringAsync(keyring, temps, ct).ConfigureAwait(false));
            }
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            Process process;
            try
            {
                process = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new DistillException(ErrorCode.ToolchainMissing, $"cannot verify {what}: gpgv is not installed (apt-get install gpgv)", e);
            }
            using (process)
            {
                process.StandardInput.Close();
                var stdout = process.StandardOutput.ReadToEndAsync(ct);
                var stderr = process.StandardError.ReadToEndAsync(ct);
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
                var status = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                Judge(status, errors, what);
            }
        }
        finally
        {
            foreach (var t in temps)
            {
                File.Delete(t);
            }
        }
    }

    /// <summary>Accepts when some signature is GOODSIG + VALIDSIG with a strong hash and none is BADSIG.</summary>
    internal static void Judge(string status, string errors, string what)
    {
        var lines = status.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("[GNUPG:] ", StringComparison.Ordinal))
            .Select(l => l[9..].Split(' ')).ToList();
        if (lines.Any(l => l[0] == "BADSIG"))
        {
            throw new DistillException(ErrorCode.DebianSignature, $"{what} has a BAD signature: its content was changed after signing");
        }
        var good = lines.Any(l => l[0] == "GOODSIG");
        var strong = lines.Where(l => l[0] == "VALIDSIG" && l.Length > 8).Any(l => !WeakHashes.Contains(l[8]));
        if (good && strong)
        {
            return;
        }
        // The most specific status wins: ERRSIG always accompanies NO_PUBKEY.
        var reason = FailureTokens.Select(token => lines.FirstOrDefault(l => l[0] == token)).FirstOrDefault(l => l is not null) is { } r
            ? r[0] switch
            {
                "NO_PUBKEY" => $"it is signed by key {r.ElementAtOrDefault(1)}, which is not in the keyring",
                "EXPKEYSIG" => "the signing key has expired",
                "REVKEYSIG" => "the signing key was revoked",
                "NODATA" => "it holds no signature",
                _ => "the signature could not be checked",
            }
            : good ? "it is signed only with a weak hash algorithm" : "no valid signature was found";
        var detail = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        throw new DistillException(ErrorCode.DebianSignature, $"{what} failed signature verification: {reason}" + (detail is null ? "" : $" (gpgv: {detail})"));
    }

    private static async Task<string> BinaryKeyringAsync(string keyring, List<string> temps, CancellationToken ct)
    {
        var armored = keyring.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal);
        if (!armored)
        {
            if (!File.Exists(keyring))
            {
                throw new DistillException(ErrorCode.DebianSignature, $"keyring '{keyring}' does not exist");
            }
            var head = new byte[64];
            int n;
            await using (var f = File.OpenRead(keyring))
            {
                n = await f.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            }
            if (!Encoding.ASCII.GetString(head, 0, n).Contains("-----BEGIN PGP", StringComparison.Ordinal))
            {
                return keyring;
            }
            keyring = await File.ReadAllTextAsync(keyring, ct).ConfigureAwait(false);
        }
        var temp = Path.Combine(Path.GetTempPath(), $"distill-keyring-{Guid.NewGuid():N}.gpg");
        temps.Add(temp);
        await File.WriteAllBytesAsync(temp, Dearmor(keyring), ct).ConfigureAwait(false);
        return temp;
    }

    /// <summary>Decodes every ASCII-armored block of <paramref name="text"/> (RFC 4880 §6.2) and concatenates the packets.</summary>
    internal static byte[] Dearmor(string text)
    {
        var result = new List<byte>();
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("-----BEGIN PGP", StringComparison.Ordinal))
            {
                continue;
            }
            i++;
            while (i < lines.Count && lines[i].Length > 0 && lines[i] != "." && lines[i].Contains(':', StringComparison.Ordinal))
            {
                i++; // armor headers
            }
            var body = new StringBuilder();
            for (; i < lines.Count && !lines[i].StartsWith("-----END PGP", StringComparison.Ordinal); i++)
            {
                var l = lines[i] == "." ? "" : lines[i];
                if (l.StartsWith('=') && l.Length == 5)
                {
                    continue; // CRC-24 checksum line
                }
                body.Append(l);
            }
            try
            {
                result.AddRange(Convert.FromBase64String(body.ToString()));
            }
            catch (FormatException e)
            {
                throw new DistillException(ErrorCode.DebianSignature, "an armored keyring is not valid base64", e);
            }
        }
        return [.. result];
    }
}
