namespace Distill.Base;

/// <summary>
/// Base tier names (KNOWLEDGE.md §4). The distroless ones keep their names; runtime tiers without a
/// distroless image are named after the Debian package that brings the interpreter.
/// </summary>
public static class BaseTier
{
    public const string Scratch = "scratch";
    public const string Static = "static";
    public const string BaseNoSsl = "base-nossl";
    public const string Base = "base";
    public const string Cc = "cc";
    /// <summary>Exactly the shared-library closure the binary needs, on top of the static essentials.</summary>
    public const string Closure = "closure";
    public const string Java17 = "java17";
    public const string Java21 = "java21";
    public const string Java25 = "java25";
    public const string NodeJs = "nodejs";
    public const string Python3 = "python3";
    public const string DotnetRuntime = "dotnet-runtime";
    public const string AspNet = "aspnet";
    public const string Dash = "dash";
    public const string Bash = "bash";
    public const string Ruby = "ruby";
    public const string Php = "php";
    public const string Perl = "perl";
}
