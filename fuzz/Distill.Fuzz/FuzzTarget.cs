using Distill;
using Distill.Inspect;

namespace Distill.Fuzz;

/// <summary>
/// The code under fuzz: the ELF reader, then the whole ELF analysis over the same bytes (Go build info,
/// .NET bundle headers and runtimeconfig.json, string probes, base policy). Malformed input may end only in
/// <see cref="ElfFormatException"/> (from either) or, from the analysis, a <see cref="DistillException"/>
/// saying it is not a program (UnknownArtifact); anything else escapes and AFL records a crash.
/// </summary>
internal static class FuzzTarget
{
    public static void Run(byte[] data)
    {
        try
        {
            ElfReader.Read(data, "fuzz");
            ArtifactInspector.InspectElf(data, "fuzz");
        }
        catch (ElfFormatException)
        {
        }
        catch (DistillException e) when (e.Code == ErrorCode.UnknownArtifact)
        {
        }
    }
}
