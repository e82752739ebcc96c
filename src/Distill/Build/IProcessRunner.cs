namespace Distill.Build;

/// <summary>The I/O seam between builders and toolchains (ko's <c>withBuilder</c>): tests inject a fake.</summary>
public interface IProcessRunner
{
    /// <summary>The full path of a program on PATH, or null when it is not installed.</summary>
    string? FindTool(string name);

    /// <summary>Runs a program to completion.</summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken);
}
