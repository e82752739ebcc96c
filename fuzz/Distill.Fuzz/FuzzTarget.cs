using Distill.Inspect;

namespace Distill.Fuzz;

/// <summary>The code under fuzz: everything that parses ELF bytes, with the one exception it may throw.</summary>
internal static class FuzzTarget
{
    public static void Run(byte[] data)
    {
        try
        {
            ElfReader.Read(data, "fuzz");
        }
        catch (ElfFormatException)
        {
        }
    }
}
