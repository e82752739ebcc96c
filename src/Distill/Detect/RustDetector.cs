namespace Distill.Detect;

/// <summary>Rust: <c>Cargo.toml</c>; <c>rust-toolchain(.toml)</c> or <c>rust-version</c> pins the toolchain.</summary>
public sealed class RustDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var cargo = ProjectFiles.Read(directory, "Cargo.toml");
        if (cargo is null)
        {
            return null;
        }
        var name = ProjectFiles.Capture(cargo, @"^\[\[bin\]\][^\[]*?^name\s*=\s*""([^""]+)""")
            ?? ProjectFiles.Capture(cargo, @"^\[package\][^\[]*?^name\s*=\s*""([^""]+)""")
            ?? ProjectFiles.DirectoryName(directory);
        string? version = null, source = null;
        var toolchain = ProjectFiles.Read(directory, "rust-toolchain.toml");
        if (ProjectFiles.Capture(toolchain, @"^channel\s*=\s*""(\d+\.\d+)") is { } channel)
        {
            (version, source) = (channel, "rust-toolchain.toml");
        }
        else if (ProjectFiles.Capture(ProjectFiles.Read(directory, "rust-toolchain"), @"^(\d+\.\d+)") is { } legacy)
        {
            (version, source) = (legacy, "rust-toolchain");
        }
        else if (ProjectFiles.Capture(cargo, @"^rust-version\s*=\s*""(\d+\.\d+)") is { } msrv)
        {
            (version, source) = (msrv, "Cargo.toml rust-version");
        }
        return new ProjectInfo
        {
            Language = Language.Rust,
            Directory = directory,
            BuildSystem = "cargo",
            Name = name,
            Reason = $"Cargo.toml (package {name})",
            ToolchainVersion = version,
            ToolchainVersionSource = source,
            Facts = OpensslSys(directory) is { } why
                ? new Dictionary<string, string>(StringComparer.Ordinal) { [OpensslFact] = why }
                : new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    /// <summary>The fact saying the build links the system OpenSSL (absent when it does not).</summary>
    public const string OpensslFact = "openssl-sys";

    /// <summary>openssl-sys without openssl-src: the crate links the system's OpenSSL, which exists for glibc only.</summary>
    private static string? OpensslSys(string directory)
    {
        var lockFile = ProjectFiles.Read(directory, "Cargo.lock");
        return lockFile is not null && lockFile.Contains("name = \"openssl-sys\"", StringComparison.Ordinal)
            && !lockFile.Contains("name = \"openssl-src\"", StringComparison.Ordinal)
            ? "Cargo.lock pulls in openssl-sys without its vendored OpenSSL"
            : null;
    }
}
