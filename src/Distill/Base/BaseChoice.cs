namespace Distill.Base;

/// <summary>The smallest base that serves an artifact, and a one-line reason a person can check.</summary>
public sealed record BaseChoice(string Tier, string Reason);
