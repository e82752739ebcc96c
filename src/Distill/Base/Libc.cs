namespace Distill.Base;

/// <summary>The C library a native binary was linked against, as far as its bytes tell.</summary>
public enum Libc
{
    /// <summary>None needed or none recognizable (Go without cgo, musl static, hand-written).</summary>
    None,
    Glibc,
    Musl,
}
