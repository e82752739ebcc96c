using System.Text.Json;

namespace Distill.Tests.Dockerfile;

/// <summary>A test-side reading of a generated Dockerfile: the build stage's RUN vectors with their ENV, and the final stage.</summary>
public sealed record ParsedDockerfile(
    IReadOnlyList<(List<string> Args, Dictionary<string, string> Env)> BuildRuns,
    string FinalFrom,
    IReadOnlyList<(string From, string To, string? Stage)> FinalCopies,
    string? User,
    List<string> Entrypoint)
{
    public static ParsedDockerfile Parse(string text)
    {
        var stage = 0;
        var finalStage = text.Split('\n').Count(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var runs = new List<(List<string>, Dictionary<string, string>)>();
        var copies = new List<(string, string, string?)>();
        string finalFrom = "", user = "";
        List<string> entrypoint = [];
        foreach (var line in text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (keyword, rest) = (line[..space], line[(space + 1)..]);
            if (keyword == "FROM")
            {
                stage++;
                finalFrom = rest;
                continue;
            }
            if (stage == 1 && keyword == "ENV")
            {
                foreach (var (key, value) in EnvPairs(rest))
                {
                    env[key] = value;
                }
            }
            else if (stage == 1 && keyword == "RUN" && rest.StartsWith('['))
            {
                runs.Add((JsonSerializer.Deserialize<List<string>>(rest)!, new Dictionary<string, string>(env, StringComparer.Ordinal)));
            }
            else if (stage == finalStage && keyword == "COPY")
            {
                var words = rest.Split(' ');
                var from = words.FirstOrDefault(w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
                var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                copies.Add((paths[0], paths[1], from));
            }
            else if (stage == finalStage && keyword == "USER")
            {
                user = rest;
            }
            else if (stage == finalStage && keyword == "ENTRYPOINT")
            {
                entrypoint = JsonSerializer.Deserialize<List<string>>(rest)!;
            }
        }
        return new ParsedDockerfile(runs, finalFrom, copies, user, entrypoint);
    }

    /// <summary>K=V pairs separated by spaces; a value may be a JSON-quoted string holding spaces.</summary>
    private static IEnumerable<(string, string)> EnvPairs(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var key = text[i..eq];
            var end = eq + 1;
            if (end < text.Length && text[end] == '"')
            {
                end++;
                while (text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }
                end++;
            }
            else
            {
                end = text.IndexOf(' ', eq) is var sp && sp < 0 ? text.Length : sp;
            }
            var raw = text[(eq + 1)..end];
            yield return (key, raw.StartsWith('"') ? JsonSerializer.Deserialize<string>(raw)! : raw);
            i = end + 1;
        }
    }
}
