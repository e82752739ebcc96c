using Distill.Base;
using Distill.Inspect;
using Distill.Oci;

namespace Distill.Tests.Inspect;

/// <summary>C, C++ and Rust binaries compiled here, analysed from their bytes.</summary>
public sealed class NativeArtifactTests
{
    private const string Loader = "/lib64/ld-linux-x86-64.so.2";
    private const string Amd64 = "linux/amd64";

    [Fact]
    public void Gcc_dynamic_needs_libc_only()
    {
        var path = InspectArtifacts.C("gcc-dynamic", "gcc", InspectArtifacts.HelloC);
        var report = Expect.Analysis(path, "executable", Linkage.Dynamic, Loader, ["libc.so.6"], Amd64, null, BaseTier.BaseNoSsl);
        Assert.Equal(Libc.Glibc, report.Requirements!.Libc);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Gcc_static_runs_on_scratch()
    {
        var path = InspectArtifacts.C("gcc-static", "gcc", InspectArtifacts.HelloC, "-static");
        var report = Expect.Analysis(path, "executable", Linkage.Static, null, [], Amd64, null, BaseTier.Scratch);
        Assert.Equal(Libc.Glibc, report.Requirements!.Libc);
    }

    [Fact]
    public void Gcc_static_pie_is_told_from_static_and_dynamic()
    {
        var path = InspectArtifacts.C("gcc-static-pie", "gcc", InspectArtifacts.HelloC, "-static-pie");
        var report = Expect.Analysis(path, "executable", Linkage.StaticPie, null, [], Amd64, null, BaseTier.Scratch);
        Assert.True(report.Elf!.IsPie);
    }

    [Fact]
    public void Gcc_static_with_getaddrinfo_and_getpwnam_needs_the_static_essentials_and_warns_about_nss()
    {
        var path = InspectArtifacts.C("gcc-static-nss", "gcc", InspectArtifacts.NetC, "-static");
        var report = Expect.Analysis(path, "executable", Linkage.Static, null, [], Amd64, null, BaseTier.Static);
        Assert.Superset(new HashSet<string> { DataFile.Hosts, DataFile.Nsswitch, DataFile.Passwd }, report.Requirements!.DataFiles.ToHashSet());
        Assert.Contains(report.Warnings, w => w.Contains("static glibc with NSS", StringComparison.Ordinal));
    }

    [Fact]
    public void Gcc_pthread_cancel_and_dlopen_of_libssl_are_seen_beyond_DT_NEEDED()
    {
        var path = InspectArtifacts.C("gcc-cancel-dlopen", "gcc", InspectArtifacts.CancelC);
        var report = Expect.Analysis(path, "executable", Linkage.Dynamic, Loader, ["libc.so.6"], Amd64, null, BaseTier.Cc);
        Assert.Equal(["libssl.so.3", "libcrypto.so.3", "libgcc_s.so.1"], report.Requirements!.Dlopened);
        Assert.Contains(DataFile.CaCertificates, report.Requirements.DataFiles);
    }

    [Fact]
    public void Gcc_shared_library_is_reported_as_one()
    {
        var path = InspectArtifacts.C("gcc-shared", "gcc", "#include <stdio.h>\nvoid hello(void) { puts(\"hi\"); }\n", "-shared", "-fPIC", "-Wl,-soname,libanswer.so.1");
        var report = Expect.Analysis(path, "shared-library", Linkage.Dynamic, null, ["libc.so.6"], Amd64, null, BaseTier.BaseNoSsl);
        Assert.Equal("libanswer.so.1", report.Details["elf.soname"]);
    }

    [Fact]
    public void Musl_static_runs_on_scratch()
    {
        var path = InspectArtifacts.C("musl-static", "musl-gcc", InspectArtifacts.HelloC, "-static");
        var report = Expect.Analysis(path, "executable", Linkage.Static, null, [], Amd64, null, BaseTier.Scratch);
        Assert.Equal(Libc.None, report.Requirements!.Libc);
    }

    [Fact]
    public void Musl_dynamic_needs_its_own_loader_so_the_exact_closure()
    {
        var path = InspectArtifacts.C("musl-dynamic", "musl-gcc", InspectArtifacts.HelloC);
        var report = Expect.Analysis(path, "executable", Linkage.Dynamic, "/lib/ld-musl-x86_64.so.1", ["libc.so"], Amd64, null, BaseTier.Closure);
        Assert.Equal(Libc.Musl, report.Requirements!.Libc);
    }

    [Fact]
    public void Gxx_dynamic_needs_the_cc_tier()
    {
        var path = InspectArtifacts.C("gxx-dynamic", "g++", InspectArtifacts.HelloCpp);
        Expect.Analysis(path, "executable", Linkage.Dynamic, Loader, ["libstdc++.so.6", "libc.so.6"], Amd64, null, BaseTier.Cc);
    }

    [Fact]
    public void Gxx_static_has_no_loader_or_libraries()
    {
        // Static libstdc++ links glibc's localtime/mktime (locale facets), so tzdata is listed: static, not scratch.
        var path = InspectArtifacts.C("gxx-static", "g++", InspectArtifacts.HelloCpp, "-static");
        Expect.Analysis(path, "executable", Linkage.Static, null, [], Amd64, null, BaseTier.Static);
    }

    [Fact]
    public void Gxx_static_libstdcxx_needs_only_glibc()
    {
        var path = InspectArtifacts.C("gxx-static-libstdcxx", "g++", InspectArtifacts.HelloCpp, "-static-libstdc++", "-static-libgcc");
        Expect.Analysis(path, "executable", Linkage.Dynamic, Loader, ["libc.so.6", "ld-linux-x86-64.so.2"], Amd64, null, BaseTier.BaseNoSsl);
    }

    [Fact]
    public void Gcc_m32_is_i386_and_foreign_on_amd64()
    {
        var path = InspectArtifacts.C("gcc-m32", "gcc", InspectArtifacts.HelloC, "-m32");
        var target = new InspectOptions { Target = Platform.LinuxAmd64 };
        var report = Expect.Analysis(path, "executable", Linkage.Dynamic, "/lib/ld-linux.so.2", ["libc.so.6"], "linux/386", null, BaseTier.BaseNoSsl, target);
        Assert.False(report.Elf!.Is64);
        Assert.Contains(report.Warnings, w => w.StartsWith("foreign architecture: built for linux/386", StringComparison.Ordinal));
    }

    [Fact]
    public void Aarch64_cross_build_is_arm64_and_not_foreign_for_an_arm64_target()
    {
        var path = InspectArtifacts.C("gcc-aarch64", "aarch64-linux-gnu-gcc", InspectArtifacts.HelloC);
        var amd = Expect.Analysis(path, "executable", Linkage.Dynamic, "/lib/ld-linux-aarch64.so.1", ["libc.so.6"], "linux/arm64", null, BaseTier.BaseNoSsl,
            new InspectOptions { Target = Platform.LinuxAmd64 });
        Assert.Contains(amd.Warnings, w => w.Contains("--platform linux/arm64", StringComparison.Ordinal));
        var arm = ArtifactInspector.Inspect(path, new InspectOptions { Target = Platform.Parse("linux/arm64") });
        Assert.DoesNotContain(arm.Warnings, w => w.Contains("foreign", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("armv7a-linux-gnueabihf", "linux/arm/v7")]
    [InlineData("armv6-linux-gnueabihf", "linux/arm/v6")]
    [InlineData("riscv64-linux-gnu", "linux/riscv64")]
    [InlineData("powerpc64le-linux-gnu", "linux/ppc64le")]
    [InlineData("s390x-linux-gnu", "linux/s390x")]
    public void Clang_objects_for_other_machines_map_to_oci_platforms(string target, string platform)
    {
        // The ARM variant comes from Tag_CPU_arch in .ARM.attributes; an object file is read but not analysed.
        var path = InspectArtifacts.C($"clang-{target}", "clang", "int twice(int x) { return 2 * x; }\n", $"--target={target}", "-c");
        var info = ElfReader.Read(File.ReadAllBytes(path));
        Assert.Equal(platform, info.Platform?.ToString());
        Assert.Equal(ElfFileType.Relocatable, info.Type);
        Assert.Null(info.Linkage);
        Assert.Equal(ArtifactFormat.Unknown, ArtifactInspector.Inspect(path).Format);
    }

    [Fact]
    public void Rust_default_target_needs_libgcc_s_so_cc()
    {
        var path = InspectArtifacts.Rust("rust-dynamic");
        Expect.Analysis(path, "executable", Linkage.Dynamic, Loader, ["libgcc_s.so.1", "libc.so.6", "ld-linux-x86-64.so.2"], Amd64, null, BaseTier.Cc);
    }

    [Fact]
    public void Rust_crt_static_is_a_static_pie_for_scratch()
    {
        var path = InspectArtifacts.Rust("rust-crt-static", "-C", "target-feature=+crt-static");
        Expect.Analysis(path, "executable", Linkage.StaticPie, null, [], Amd64, null, BaseTier.Scratch);
    }

    [Fact]
    public void Parsed_needed_and_interpreter_match_readelf()
    {
        var readelf = Distill.Tests.Testing.Tools.Require("readelf");
        foreach (var path in new[] { InspectArtifacts.C("gcc-dynamic", "gcc", InspectArtifacts.HelloC), InspectArtifacts.C("gxx-dynamic", "g++", InspectArtifacts.HelloCpp) })
        {
            var info = ElfReader.Read(File.ReadAllBytes(path));
            var dynamic = Distill.Tests.Testing.Run.Process(readelf, ["-dW", path]).AssertSuccess("readelf").Stdout;
            var needed = dynamic.Split('\n').Where(l => l.Contains("(NEEDED)", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('[', StringComparison.Ordinal) + 1)..l.IndexOf(']', StringComparison.Ordinal)]);
            Assert.Equal(needed, info.Needed);
            var program = Distill.Tests.Testing.Run.Process(readelf, ["-lW", path]).AssertSuccess("readelf").Stdout;
            Assert.Contains($"[Requesting program interpreter: {info.Interpreter}]", program, StringComparison.Ordinal);
        }
    }
}
