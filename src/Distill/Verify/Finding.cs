namespace Distill.Verify;

/// <summary>How much a finding matters: a failure means the image will not start.</summary>
public enum Severity
{
    Ok,
    Warning,
    Failure,
}

/// <summary>One check's outcome with the reason a person can check.</summary>
public sealed record Finding(Severity Severity, string Check, string Message);

/// <summary>Everything <c>distill verify</c> found about one image.</summary>
public sealed record VerifyReport(string Image, string Platform, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when no check failed.</summary>
    public bool WillStart => Findings.All(f => f.Severity != Severity.Failure);
}
