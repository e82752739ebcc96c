namespace Distill.Base;

/// <summary>
/// A language runtime the artifact runs on: <c>java</c>, <c>node</c>, <c>python</c>, <c>dotnet</c>,
/// <c>aspnetcore</c>, <c>ruby</c>, <c>php</c>, <c>perl</c>, <c>sh</c>, <c>bash</c>, or the interpreter's own name.
/// <see cref="Version"/> is the major (Java, Node), major.minor (Python, .NET) or null when unknown.
/// </summary>
public sealed record RuntimeNeed(string Name, string? Version = null);
