namespace Distill;

/// <summary>Stable error codes (<c>DST0xx</c>) users can search for; the CLI maps them to exit codes.</summary>
public enum ErrorCode
{
    /// <summary>A command-line value is malformed (exit 2).</summary>
    Usage = 1,
    InputNotFound = 2,
    InputUnreadable = 3,
    SymlinkEscapesRoot = 4,
    OutputNotWritable = 5,
    BadSourceDateEpoch = 6,
    BadTransport = 7,
    InputLoop = 8,
    UnsupportedInput = 9,
    InvalidImage = 10,
    DigestMismatch = 11,
    UnsupportedMediaType = 12,
    ImageNotFound = 13,
    LimitExceeded = 14,
    MalformedElf = 20,
    UnknownArtifact = 21,
    ForeignArchitecture = 22,
    LibraryNotFound = 30,
    VerifyFailed = 31,
    Registry = 40,
    RegistryAuth = 41,
    Network = 42,
    BuildFailed = 50,
    ToolchainMissing = 51,
    NoProjectDetected = 52,
    Debian = 60,
    DebianSignature = 61,
    DebianResolve = 62,
}

/// <summary>
/// A failure the user can act on: one sentence naming the input and the step, with a stable code.
/// Library code throws this (or wraps inner exceptions in it); the CLI prints <c>error DSTxxx: message</c>.
/// </summary>
public class DistillException : Exception
{
    public DistillException(ErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public DistillException() : this(ErrorCode.Usage, "unspecified error") { }

    public DistillException(string message) : this(ErrorCode.Usage, message) { }

    public DistillException(string message, Exception inner) : this(ErrorCode.Usage, message, inner) { }

    /// <summary>The stable code of this failure.</summary>
    public ErrorCode Code { get; }

    /// <summary>The code as users see it, e.g. <c>DST004</c>.</summary>
    public string CodeText => $"DST{(int)Code:D3}";

    /// <summary>True when the command line itself was wrong (exit code 2).</summary>
    public bool IsUsageError => Code is ErrorCode.Usage or ErrorCode.BadTransport or ErrorCode.BadSourceDateEpoch;
}
