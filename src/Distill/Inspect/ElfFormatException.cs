namespace Distill.Inspect;

/// <summary>
/// The one exception <see cref="ElfReader"/> throws for malformed input: a truncated header, bad magic,
/// a table or string that lies outside the file, a count past the loader's limits. It is a
/// <see cref="DistillException"/> with <see cref="ErrorCode.MalformedElf"/> (DST020), so the CLI prints one
/// line and exits 1. Anything else escaping the reader (IndexOutOfRange, Overflow, NullReference) is a bug.
/// </summary>
public sealed class ElfFormatException : DistillException
{
    public ElfFormatException(string source, string detail)
        : base(ErrorCode.MalformedElf, $"{source}: malformed ELF: {detail}") => Detail = detail;

    public ElfFormatException() : this("input", "unspecified") { }

    public ElfFormatException(string message) : this("input", message) { }

    public ElfFormatException(string message, Exception inner)
        : base(ErrorCode.MalformedElf, message, inner) => Detail = message;

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
