namespace Distill.Cli;

/// <summary>The process exit codes (DESIGN.md): 0 ok, 1 the operation failed, 2 usage error.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
