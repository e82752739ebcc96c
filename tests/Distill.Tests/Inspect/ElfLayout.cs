namespace Distill.Tests.Inspect;

/// <summary>Where <see cref="ElfBuilder"/> put each part of the file, so tests can corrupt it precisely.</summary>
internal sealed class ElfLayout
{
    public int PhOff { get; set; }
    public int PhNum { get; set; }
    public int ShOff { get; set; }
    public int ShNum { get; set; }
    public int ShStrNdx { get; set; }
    public int InterpOffset { get; set; }
    public int InterpSize { get; set; }
    public int DynStrOffset { get; set; }
    public int DynStrSize { get; set; }
    public int DynSymOffset { get; set; }
    public int DynamicOffset { get; set; }
    public int DynamicSize { get; set; }
    public int HashOffset { get; set; }
    public int NoteOffset { get; set; }
    public int NoteSize { get; set; }
    public int GoOffset { get; set; }
    public int TrailerOffset { get; set; }
    public int EhPhOff { get; set; }
    public int EhShOff { get; set; }
    public int EhPhEntSize { get; set; }
    public int EhPhNum { get; set; }
    public int EhShEntSize { get; set; }
    public int EhShNum { get; set; }
    public int EhShStrNdx { get; set; }
    /// <summary>File offset of each program header by p_type (a second PT_LOAD is keyed 100).</summary>
    public Dictionary<uint, int> Phdr { get; } = [];
    public Dictionary<string, int> SectionIndex { get; set; } = [];
}
