namespace Distill.Layers;

/// <summary>Normalizes and checks paths inside an image (RELIABILITY B1-09): '.' and './x' are fine, '..' above the root is not.</summary>
public static class ImagePath
{
    /// <summary>Returns the normalized relative form ("usr/bin/x"); the root is "".</summary>
    /// <exception cref="DistillException">The path leaves the image root or holds a NUL.</exception>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new DistillException(ErrorCode.UnsupportedInput, $"image path '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL byte");
        }
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new DistillException(ErrorCode.UnsupportedInput, $"image path '{path}' leaves the image root");
                }
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>The parent of a normalized path ("" for top-level entries).</summary>
    public static string Parent(string normalized)
    {
        var i = normalized.LastIndexOf('/');
        return i < 0 ? "" : normalized[..i];
    }

    /// <summary>Joins a normalized directory and a relative path, normalizing the result.</summary>
    public static string Combine(string directory, string relative) => Normalize(directory + "/" + relative);

    /// <summary>The absolute form shown to users and written into configs ("/usr/bin/x").</summary>
    public static string Absolute(string normalized) => "/" + normalized;
}
