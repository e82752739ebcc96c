using Distill.Fuzz;
using SharpFuzz;

// AFL++ feeds one input per iteration. ElfFormatException is the documented outcome for malformed
// input; any other exception, a hang or a crash is a finding. "--replay FILE..." runs inputs once
// without AFL (for afl-tmin and for checking a crasher by hand).
if (args is ["--replay", .. var files])
{
    foreach (var file in files)
    {
        FuzzTarget.Run(File.ReadAllBytes(file));
    }
    return;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTarget.Run(buffer.ToArray());
});
