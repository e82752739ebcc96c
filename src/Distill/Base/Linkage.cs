namespace Distill.Base;

/// <summary>How a native executable gets its code at run time.</summary>
public enum Linkage
{
    /// <summary>No loader, no shared libraries (<c>ET_EXEC</c>, no <c>PT_INTERP</c>, no <c>DT_NEEDED</c>).</summary>
    Static,

    /// <summary>Position independent and self-relocating: <c>ET_DYN</c> with no <c>PT_INTERP</c> and no <c>DT_NEEDED</c>.</summary>
    StaticPie,

    /// <summary>Needs the loader named by <c>PT_INTERP</c> and/or the libraries named by <c>DT_NEEDED</c>.</summary>
    Dynamic,
}
