namespace Distill.Detect;

/// <summary>"Is this directory mine?", answered by reading files only (ko's QualifyImport).</summary>
public interface IProjectDetector
{
    /// <summary>The project in <paramref name="directory"/>, or null when it is not this language's.</summary>
    ProjectInfo? TryDetect(string directory);
}
