namespace Distill.Build;

/// <summary>A program to run: no shell, an explicit working directory, environment additions.</summary>
public sealed record ProcessSpec(string Program, IReadOnlyList<string> Args, string WorkingDirectory)
{
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>Echo the program's output to the user's terminal as it runs (compilers' progress and errors).</summary>
    public bool Stream { get; init; }
}
