using Distill.Base;
using Xunit;

namespace Distill.Tests.Base;

/// <summary>The base decision as a table: requirements in, tier and a reason naming the deciding fact out.</summary>
public sealed class BasePolicyTests
{
    public static TheoryData<string, Requirements, string, string> Table() => new()
    {
        { "static, no data", Native(Linkage.Static), BaseTier.Scratch, "no data files" },
        { "static-pie, no data", Native(Linkage.StaticPie), BaseTier.Scratch, "no loader" },
        { "static with certs", Native(Linkage.Static) with { DataFiles = [DataFile.CaCertificates] }, BaseTier.Static, "ca-certificates" },
        { "glibc libc only", Glibc("libc.so.6"), BaseTier.BaseNoSsl, "all in base-nossl" },
        { "loader only (Go PIE)", Native(Linkage.Dynamic) with { Libc = Libc.Glibc, Interpreter = "/lib64/ld-linux-x86-64.so.2" }, BaseTier.BaseNoSsl, "ld-linux-x86-64.so.2" },
        { "libssl", Glibc("libssl.so.3", "libc.so.6"), BaseTier.Base, "libssl.so.3 from libssl3 make it base" },
        { "dlopen'd libssl", Glibc("libc.so.6") with { Dlopened = ["libssl.so.3", "libcrypto.so.3"] }, BaseTier.Base, "libssl" },
        { "libstdc++", Glibc("libstdc++.so.6", "libm.so.6", "libgcc_s.so.1", "libc.so.6"), BaseTier.Cc, "make it cc" },
        { "dlopen'd libgcc_s", Glibc("libc.so.6") with { Dlopened = ["libgcc_s.so.1"] }, BaseTier.Cc, "libgcc_s.so.1" },
        { "libz", Glibc("libz.so.1", "libc.so.6"), BaseTier.Closure, "libz.so.1" },
        { "ICU", Glibc("libc.so.6") with { Dlopened = ["libicuuc.so.72"] }, BaseTier.Closure, "libicuuc.so.72" },
        { "path in DT_NEEDED", Glibc("../../../etc/shadow"), BaseTier.Closure, "../../../etc/shadow" },
        { "musl", Native(Linkage.Dynamic) with { Libc = Libc.Musl, Interpreter = "/lib/ld-musl-x86_64.so.1", Needed = ["libc.so"] }, BaseTier.Closure, "musl" },
        { "i386 glibc", Glibc("libc.so.6") with { Interpreter = "/lib/ld-linux.so.2" }, BaseTier.BaseNoSsl, "ld-linux.so.2" },
        { "java 8", Runtime("java", "8"), BaseTier.Java17, "Java 8" },
        { "java 17", Runtime("java", "17"), BaseTier.Java17, "java17" },
        { "java 21", Runtime("java", "21"), BaseTier.Java21, "java21" },
        { "java 25", Runtime("java", "25"), BaseTier.Java25, "java25" },
        { "node", Runtime("node", "20"), BaseTier.NodeJs, "Node.js 20" },
        { "python", Runtime("python", "3.11"), BaseTier.Python3, "Python 3.11" },
        { "dotnet", Runtime("dotnet", "10.0"), BaseTier.DotnetRuntime, "Microsoft.NETCore.App" },
        { "aspnet", Runtime("aspnetcore", "9.0"), BaseTier.AspNet, "Microsoft.AspNetCore.App" },
        { "sh", Runtime("sh", null), BaseTier.Dash, "/bin/sh" },
        { "bash", Runtime("bash", null), BaseTier.Bash, "bash" },
        { "ruby", Runtime("ruby", null), BaseTier.Ruby, "ruby" },
        { "unknown interpreter", Runtime("awk", null), BaseTier.Closure, "awk" },
        { "apphost: runtime wins over native libs", Glibc("libstdc++.so.6", "libc.so.6") with { Runtime = new RuntimeNeed("dotnet", "8.0") }, BaseTier.DotnetRuntime, ".NET 8.0" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Chooses_the_smallest_tier_with_a_checkable_reason(string name, Requirements requirements, string tier, string reasonMentions)
    {
        var choice = BasePolicy.Choose(requirements);

        Assert.Equal(tier, choice.Tier);
        Assert.Contains(reasonMentions, choice.Reason, StringComparison.Ordinal);
        Assert.StartsWith(requirements.Subject, choice.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', choice.Reason);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Neither_linkage_nor_runtime_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => BasePolicy.Choose(new Requirements { Subject = "x" }));
    }

    private static Requirements Native(Linkage linkage) => new() { Subject = "test binary", Linkage = linkage };

    private static Requirements Glibc(params string[] needed) =>
        Native(Linkage.Dynamic) with { Libc = Libc.Glibc, Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = needed };

    private static Requirements Runtime(string name, string? version) => new() { Subject = $"{name} app", Runtime = new RuntimeNeed(name, version) };
}
