using System.CommandLine;
using System.Globalization;

namespace Distill.Cli;

/// <summary>Options shared by several commands, and the edge where the environment is read.</summary>
public static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show details, and stack traces on internal errors", Recursive = true };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the result", Recursive = true };

    /// <summary>Reads SOURCE_DATE_EPOCH once: a non-negative decimal integer, default 0.</summary>
    /// <exception cref="DistillException">The value is not a non-negative integer (a usage error).</exception>
    public static long SourceDateEpoch()
    {
        var text = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        // reproducible-builds.org: "MUST be an ASCII representation of an integer"; negative times make no tar mtime.
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 253402300799)
        {
            throw new DistillException(ErrorCode.BadSourceDateEpoch,
                $"SOURCE_DATE_EPOCH='{text}' is not a number of seconds since 1970 (a non-negative integer)");
        }
        return value;
    }

    /// <summary>Parses K=V pairs from repeated options.</summary>
    public static List<KeyValuePair<string, string>> KeyValues(string[]? values, string option)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new DistillException(ErrorCode.Usage, $"{option} '{v}' is not KEY=VALUE");
            }
            result.Add(new(v[..eq], v[(eq + 1)..]));
        }
        return result;
    }

    /// <summary>An exec-form argument list: a JSON array, or whitespace-separated words (never a shell).</summary>
    public static List<string>? ExecForm(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return Oci.StringListJson.Parse(trimmed)
                    ?? throw new DistillException(ErrorCode.Usage, $"{option} '{value}' is not a JSON array of strings");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new DistillException(ErrorCode.Usage, $"{option} '{value}' is not a JSON array of strings: {e.Message}", e);
            }
        }
        var words = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        return words.Count > 0 ? words : throw new DistillException(ErrorCode.Usage, $"{option} is empty");
    }
}
