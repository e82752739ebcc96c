using System.CommandLine;
using Distill.Publish.Registry;

namespace Distill.Cli.Commands;

/// <summary>
/// The registry flags of skopeo, shared by the commands that read or write images: trust
/// (<c>--insecure-registry</c>, <c>--cert-dir</c>) and credentials (<c>--creds USER</c>, the password
/// read from stdin, never from the command line: RELIABILITY B6-10).
/// </summary>
public static class RegistryCliOptions
{
    public static readonly Option<string[]> InsecureRegistry = new("--insecure-registry")
    {
        Description = "Allow plain HTTP, or HTTPS without certificate checks, for this registry HOST[:PORT] (repeatable; loopback needs no flag)",
    };

    public static readonly Option<string> CertDir = new("--cert-dir")
    {
        Description = "Trust the CA certificates (*.crt) and use the client certificates (*.cert + *.key) in this directory, like skopeo",
    };

    /// <summary>Which side of a copy a credential belongs to.</summary>
    public enum Side
    {
        Source,
        Destination,
    }

    /// <summary>A <c>--...-creds USER</c> option.</summary>
    public static Option<string> Creds(string name, string what) => new(name)
    {
        Description = $"User name for {what}; the password is read from standard input (one line)",
    };

    /// <summary>Registry options for one side, with explicit credentials bound to that side's registry.</summary>
    public static RegistryOptions Build(ParseResult parse, string? user, string? registry, TextReader stdin, IProgress<BlobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(stdin);
        var verbose = parse.GetValue(CommonOptions.Verbose);
        RegistryCredential? credential = null;
        if (user is not null)
        {
            if (user.Contains(':', StringComparison.Ordinal))
            {
                throw new DistillException(ErrorCode.Usage,
                    "pass only the user name to --creds; the password is read from standard input so it never shows in the process list or shell history");
            }
            var password = stdin.ReadLine()
                ?? throw new DistillException(ErrorCode.Usage, $"--creds {user}: no password on standard input (echo \"$PASSWORD\" | distill ...)");
            credential = new RegistryCredential(user, password) { Origin = "--creds" };
        }
        return new RegistryOptions
        {
            InsecureRegistries = parse.GetValue(InsecureRegistry) ?? [],
            CertDirectory = parse.GetValue(CertDir),
            Credential = credential,
            CredentialRegistry = registry,
            Log = verbose ? line => Console.Error.WriteLine($"distill: {line}") : null,
            // Trace lines and redrawn bars would garble each other.
            Progress = verbose ? null : progress,
        };
    }

    /// <summary>The registry host of a <c>docker://</c> location, or null for other transports.</summary>
    public static string? RegistryOf(Distill.Publish.ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport == Distill.Publish.Transport.Registry ? ImageReference.Parse(location.Reference ?? "").Registry : null;
    }
}
