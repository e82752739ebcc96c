namespace Distill.Build;

/// <summary>A program a recipe runs on the host, and how to install it ("apt-get install golang-go").</summary>
public sealed record RequiredTool(string Name, string Install);
