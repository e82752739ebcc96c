using Distill.Base;
using Distill.Inspect;

namespace Distill.Tests.Inspect;

/// <summary>.NET publish outputs: framework-dependent, self-contained, single-file and NativeAOT (KNOWLEDGE.md §2).</summary>
public sealed class DotnetArtifactTests
{
    private const string Loader = "/lib64/ld-linux-x86-64.so.2";
    private const string Amd64 = "linux/amd64";
    private const string Hello = "System.Console.WriteLine(\"hi\");\n";
    private static readonly string[] ApphostNeeded = ["libdl.so.2", "libpthread.so.0", "libstdc++.so.6", "libm.so.6", "libgcc_s.so.1", "libc.so.6", "ld-linux-x86-64.so.2"];

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData(" true ", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_invariant_variable_is_read_as_the_runtime_reads_it(string? value, bool invariant) =>
        Assert.Equal(invariant, DotnetRuntimeConfig.InvariantByEnvironment(value));

    [Fact]
    public void Framework_dependent_folder_runs_its_dll_on_the_shared_runtime()
    {
        var dir = InspectArtifacts.Dotnet("dotnet-fdd", Hello, "UseAppHost=true");
        var report = Expect.Analysis(dir, "dotnet-assembly", null, null, [], null, "dotnet 10.0", BaseTier.DotnetRuntime);
        Assert.Equal(ArtifactFormat.Directory, report.Format);
        Assert.Equal("app.dll", report.EntryPoint);
        Assert.Contains(report.Warnings, w => w.Contains("ICU", StringComparison.Ordinal));

        var apphost = Expect.Analysis(Path.Combine(dir, "app"), "dotnet-apphost", Linkage.Dynamic, Loader, ApphostNeeded, Amd64, "dotnet 10.0", BaseTier.DotnetRuntime);
        Assert.Equal("false", apphost.Details["dotnet.selfContained"]);
    }

    [Fact]
    public void Self_contained_invariant_apphost_needs_glibc_libstdcxx_and_libssl_so_cc()
    {
        var dir = InspectArtifacts.Dotnet("dotnet-sc", Hello, "RuntimeIdentifier=linux-x64", "SelfContained=true", "InvariantGlobalization=true");
        var report = Expect.Analysis(dir, "dotnet-apphost", Linkage.Dynamic, Loader, ApphostNeeded, Amd64, null, BaseTier.Cc);
        Assert.Equal("app", report.EntryPoint);
        Assert.Equal(["libssl.so.3", "libcrypto.so.3"], report.Requirements!.Dlopened);
        Assert.Equal("true", report.Details["dotnet.invariantGlobalization"]);
    }

    [Fact]
    public void Single_file_bundle_reads_its_embedded_runtimeconfig_and_needs_icu()
    {
        var dir = InspectArtifacts.Dotnet("dotnet-single-file", Hello, "RuntimeIdentifier=linux-x64", "SelfContained=true", "PublishSingleFile=true");
        var report = Expect.Analysis(Path.Combine(dir, "app"), "dotnet-single-file", Linkage.Dynamic, Loader,
            ["libdl.so.2", "librt.so.1", "libgcc_s.so.1", "libpthread.so.0", "libm.so.6", "libstdc++.so.6", "libc.so.6", "ld-linux-x86-64.so.2"],
            Amd64, null, BaseTier.Closure);
        Assert.Equal("true", report.Details["dotnet.selfContained"]);
        Assert.Contains("libicuuc.so.*", report.Requirements!.Dlopened);
        Assert.Contains("libssl.so.3", report.Requirements.Dlopened);
        Assert.StartsWith("Microsoft.NETCore.App 10.0", report.Details["dotnet.frameworks"], StringComparison.Ordinal);
    }

    [Fact]
    public void NativeAot_invariant_hello_needs_only_glibc()
    {
        Distill.Tests.Testing.Tools.Require("clang");
        var dir = InspectArtifacts.Dotnet("dotnet-aot", Hello, "RuntimeIdentifier=linux-x64", "PublishAot=true", "InvariantGlobalization=true");
        var report = Expect.Analysis(dir, "dotnet-nativeaot", Linkage.Dynamic, Loader, ["libm.so.6", "libc.so.6", "ld-linux-x86-64.so.2"], Amd64, null, BaseTier.BaseNoSsl);
        Assert.Equal("app", report.EntryPoint); // not app.dbg, the split debug file
        Assert.Empty(report.Requirements!.Dlopened);
    }
}
