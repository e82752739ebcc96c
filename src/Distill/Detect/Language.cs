namespace Distill.Detect;

/// <summary>The languages Distill detects and builds (KNOWLEDGE.md §5).</summary>
public enum Language
{
    Go,
    Rust,
    C,
    Cpp,
    Zig,
    Nim,
    D,
    Crystal,
    DotNet,
    Java,
    Node,
    Python,
    Ruby,
    Php,
}
