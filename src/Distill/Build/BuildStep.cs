namespace Distill.Build;

/// <summary>
/// One toolchain command of a recipe: an argument vector (no shell unless the recipe names one) run
/// in the build directory, with extra environment. The Dockerfile runs the very same vector.
/// </summary>
public sealed record BuildStep(IReadOnlyList<string> Args)
{
    /// <summary>Environment added for this step (and, in the Dockerfile, set with ENV before it).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>The program (the first argument).</summary>
    public string Program => Args[0];

    /// <summary>The step as a person would type it (for logs and the README).</summary>
    public string Display() =>
        string.Join(' ', Env.Select(e => $"{e.Key}={Quote(e.Value)}").Concat(Args.Select(Quote)));

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@%".Contains(c, StringComparison.Ordinal)) ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
