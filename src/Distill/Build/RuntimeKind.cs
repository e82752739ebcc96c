namespace Distill.Build;

/// <summary>What a built app needs besides its own files (KNOWLEDGE.md §1's families).</summary>
public enum RuntimeKind
{
    /// <summary>A static ELF: the static essentials only.</summary>
    None,

    /// <summary>A dynamic ELF: its loader and library closure.</summary>
    Closure,

    /// <summary>A jlink'd JRE built by the recipe, plus its library closure.</summary>
    Java,

    /// <summary>The host's node binary and its closure.</summary>
    Node,

    /// <summary>The host's Python interpreter, the stdlib modules the app imports, and the closure.</summary>
    Python,

    /// <summary>The host's Ruby, its standard library and the closure.</summary>
    Ruby,

    /// <summary>The host's PHP CLI, its extensions and ini files, and the closure.</summary>
    Php,
}
