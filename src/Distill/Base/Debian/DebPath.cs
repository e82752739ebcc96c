namespace Distill.Base.Debian;

/// <summary>Normalizes archive member names to root-relative image paths (RELIABILITY B2-01, B1-09).</summary>
internal static class DebPath
{
    /// <summary>
    /// <c>./usr/bin/x</c>, <c>/usr/bin/x</c> and <c>usr//bin/./x</c> all become <c>usr/bin/x</c>; the root
    /// itself becomes "". A <c>..</c> component anywhere is rejected rather than resolved: no real package
    /// has one, and rejecting leaves nothing to get wrong.
    /// </summary>
    /// <exception cref="DistillException">The name escapes the root or exceeds the limits.</exception>
    public static string Normalize(string raw, DebLimits limits, string what)
    {
        if (raw.Length > limits.MaxPathLength)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what}: a path is longer than {limits.MaxPathLength} characters");
        }
        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: path '{Show(raw)}' contains a NUL byte");
        }
        var parts = new List<string>();
        foreach (var part in raw.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: path '{Show(raw)}' escapes the image root ('..')");
            }
            parts.Add(part);
        }
        if (parts.Count > limits.MaxDepth)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what}: path '{Show(raw)}' is deeper than {limits.MaxDepth} components");
        }
        return string.Join('/', parts);
    }

    /// <summary>The parent of a normalized path ("" for top-level entries).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>Every proper ancestor of a normalized path, shortest first.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        for (var i = path.IndexOf('/'); i >= 0; i = path.IndexOf('/', i + 1))
        {
            yield return path[..i];
        }
    }

    internal static string Show(string s) => s.Length > 120 ? s[..120] + "..." : s;
}
