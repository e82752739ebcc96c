namespace Distill.Dockerfile;

/// <summary>One problem in a Dockerfile: the rule, the 1-based line, and what is wrong.</summary>
public sealed record LintFinding(string Rule, int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Rule}: {Message}";
}
