using System.Runtime.CompilerServices;
using Distill;
using Distill.Inspect;
using Xunit;

namespace Distill.Tests.Inspect;

/// <summary>
/// Replays the AFL++ corpus (seeds and any minimized crashers, see fuzz/README.md) as ordinary tests:
/// each file parses to a result or the documented exception with bounded allocation.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Files() => new(Directory.GetFiles(Corpus()).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_file_parses_or_is_rejected(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Corpus(), name));
        ElfMalformedTests.Survives(bytes);
        // The fuzz target also runs the whole ELF analysis; replay it the same way.
        try
        {
            Assert.NotNull(ArtifactInspector.InspectElf(bytes, name).Base);
        }
        catch (DistillException e) when (e is ElfFormatException || e.Code == ErrorCode.UnknownArtifact)
        {
        }
    }

    [Fact]
    public void Corpus_holds_real_seeds_that_parse()
    {
        var parsed = Directory.GetFiles(Corpus(), "seed-*").Count(f => ElfMalformedTests.Survives(File.ReadAllBytes(f)) is not null);
        Assert.True(parsed >= 9, $"only {parsed} seeds parse");
    }

    /// <summary>
    /// The hand-made seeds are what <see cref="ElfBuilder"/> makes today; after changing the builder, run
    /// with DISTILL_WRITE_SEEDS=1 to rewrite them.
    /// </summary>
    [Fact]
    public void Hand_made_seeds_are_current()
    {
        var seeds = new Dictionary<string, byte[]>
        {
            ["seed-hand-go-inline-segment"] = new ElfBuilder { Type = 2, GoBuildInfo = GoBlob.Inline("go1.22.0", "path\tx\nmod\tx\t(devel)\t\nbuild\tCGO_ENABLED=0\nbuild\t-tags=netgo\n"), SectionHeaders = false, GoInDataSegment = true }.Build(),
            ["seed-hand-elf32-be-gnuhash"] = new ElfBuilder { Is64 = false, BigEndian = true, Machine = 20, Interpreter = "/lib/ld.so.1", Needed = ["libc.so.6"], Imports = ["getpwnam", "SSL_new"], Hash = "gnu", SectionHeaders = false }.Build(),
            ["seed-hand-sysv-hash-notes"] = new ElfBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = ["libssl.so.3"], Imports = ["dlopen"], Hash = "sysv", Notes = [("GNU", 3, [1, 2, 3, 4]), ("GNU", 1, new byte[16])], RunPath = "$ORIGIN/lib", SoName = "libx.so" }.Build(),
        };
        var probe = new ElfBuilder { Type = 2, GoBuildInfo = new byte[32], Trailer = new byte[32 + 8 + 32 + 6] };
        probe.Build();
        var (blob, trailer) = GoBlob.Pointers("go1.16.0", "path\tx\n", ElfBuilder.Base + (ulong)probe.Layout.TrailerOffset);
        seeds["seed-hand-go-pointers"] = new ElfBuilder { Type = 2, GoBuildInfo = blob, Trailer = trailer }.Build();
        var write = Environment.GetEnvironmentVariable("DISTILL_WRITE_SEEDS") == "1";
        foreach (var (name, bytes) in seeds)
        {
            Assert.NotNull(ElfReader.Read(bytes));
            var file = Path.Combine(Corpus(), name);
            if (write)
            {
                File.WriteAllBytes(file, bytes);
            }
            Assert.True(File.Exists(file) && File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes), $"{name} is stale; rerun with DISTILL_WRITE_SEEDS=1");
        }
    }

    private static string Corpus([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "FuzzCorpus");
}
