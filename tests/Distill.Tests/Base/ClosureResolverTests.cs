using Distill.Base.Closure;
using Distill.Layers;
using Distill.Tests.Testing;

namespace Distill.Tests.Base;

/// <summary>The resolver against hostile inputs: it terminates, and never reads a file outside its sysroot.</summary>
public sealed class ClosureResolverTests
{
    /// <summary>A sysroot holding the host's loader and libc (copied), so resolution is checkable.</summary>
    private static string MakeSysroot(TempDir dir)
    {
        var root = dir["sysroot"];
        foreach (var path in new[] { "lib64/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/libc.so.6" })
        {
            var real = Path.GetFullPath(new FileInfo("/" + path).ResolveLinkTarget(true)?.FullName ?? "/" + path);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.Copy(real, Path.Combine(root, path));
        }
        return root;
    }

    private static string Gcc(TempDir dir, string name, string source, params string[] flags)
    {
        var gcc = Tools.Require("gcc");
        var src = dir.Write(name + ".c", source);
        var output = dir[name];
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        Run.Process(gcc, ["-o", output, src, .. flags]).AssertSuccess("gcc " + name);
        return output;
    }

    private static ClosureResult Resolve(string sysroot, string binary) =>
        ClosureResolver.Resolve(new RootView(new Sysroot(sysroot)), [new ClosureRoot("app/x", binary)]);

    [Fact]
    public void NeededThatIsAPath_IsNeverLookedUp()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        // A library whose SONAME is a path: the program's DT_NEEDED becomes "../../etc/shadow".
        Gcc(dir, "libevil.so", "int evil(void){return 1;}\n", "-shared", "-fPIC", "-Wl,-soname,../../etc/shadow");
        var exe = Gcc(dir, "exe", "int evil(void);\nint main(void){return evil();}\n", dir["libevil.so"]);
        var result = Resolve(sysroot, exe);
        var missing = Assert.Single(result.Missing);
        Assert.Equal("../../etc/shadow", missing.Name);
        Assert.Contains("is a path", missing.Reason, StringComparison.Ordinal);
        Assert.All(result.Files.Where(f => f.HostPath is not null), f => Assert.StartsWith(sysroot, f.HostPath!, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Files, f => f.Path.Contains("shadow", StringComparison.Ordinal));
    }

    [Fact]
    public void AbsoluteRunpathOutsideTheSysroot_IsResolvedInsideIt()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        // A decoy library on the host, at the RUNPATH's absolute path: it must not be taken.
        Directory.CreateDirectory(dir["host-libs"]);
        Gcc(dir, "host-libs/libdecoy.so", "int decoy(void){return 0;}\n", "-shared", "-fPIC", "-Wl,-soname,libdecoy.so");
        var exe = Gcc(dir, "exe", "int decoy(void);\nint main(void){return decoy();}\n", "-L" + dir["host-libs"], "-ldecoy", "-Wl,--enable-new-dtags,-rpath," + dir["host-libs"]);
        var result = Resolve(sysroot, exe);
        Assert.Equal("libdecoy.so", Assert.Single(result.Missing).Name);
        Assert.All(result.Files.Where(f => f.HostPath is not null), f => Assert.StartsWith(sysroot + "/", f.HostPath!, StringComparison.Ordinal));
        Assert.Contains(result.Files, f => f.Path.EndsWith("libc.so.6", StringComparison.Ordinal));
    }

    [Fact]
    public void DependencyCycle_Terminates_WithEachLibraryOnce()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        var libdir = Path.Combine(sysroot, "usr/lib/x86_64-linux-gnu");
        // libb is built first against a stub of liba, then liba against libb: a DT_NEEDED cycle.
        Gcc(dir, "stub/liba.so", "int a(void){return 0;}\n", "-shared", "-fPIC", "-Wl,-soname,liba.so");
        Gcc(dir, "libb.so", "int a(void);\nint b(void){return a();}\n", "-shared", "-fPIC", "-Wl,-soname,libb.so", dir["stub/liba.so"]);
        Gcc(dir, "liba.so", "int b(void);\nint a(void){return 0;}\nint c(void){return b();}\n", "-shared", "-fPIC", "-Wl,-soname,liba.so", dir["libb.so"]);
        File.Copy(dir["liba.so"], Path.Combine(libdir, "liba.so"));
        File.Copy(dir["libb.so"], Path.Combine(libdir, "libb.so"));
        var exe = Gcc(dir, "exe", "int c(void);\nint main(void){return c();}\n", dir["liba.so"], "-Wl,-rpath-link," + dir.Path);
        var result = Resolve(sysroot, exe);
        Assert.Empty(result.Missing);
        Assert.Single(result.Files, f => f.Path.EndsWith("/liba.so", StringComparison.Ordinal));
        Assert.Single(result.Files, f => f.Path.EndsWith("/libb.so", StringComparison.Ordinal));
    }

    [Fact]
    public void SymlinkLoopInTheSysroot_Terminates_AsMissing()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        var libdir = Path.Combine(sysroot, "usr/lib/x86_64-linux-gnu");
        Gcc(dir, "libloop.so.1", "int l(void){return 0;}\n", "-shared", "-fPIC", "-Wl,-soname,libloop.so.1");
        var exe = Gcc(dir, "exe", "int l(void);\nint main(void){return l();}\n", dir["libloop.so.1"]);
        File.CreateSymbolicLink(Path.Combine(libdir, "libloop.so.1"), "libloop.so.2");
        File.CreateSymbolicLink(Path.Combine(libdir, "libloop.so.2"), "libloop.so.1");
        var result = Resolve(sysroot, exe);
        Assert.Equal("libloop.so.1", Assert.Single(result.Missing).Name);
    }

    [Fact]
    public void SymlinkChains_AreKeptAsSymlinks()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        var libdir = Path.Combine(sysroot, "usr/lib/x86_64-linux-gnu");
        Gcc(dir, "libv.so.1.2.3", "int v(void){return 0;}\n", "-shared", "-fPIC", "-Wl,-soname,libv.so.1");
        File.Copy(dir["libv.so.1.2.3"], Path.Combine(libdir, "libv.so.1.2.3"));
        File.CreateSymbolicLink(Path.Combine(libdir, "libv.so.1"), "libv.so.1.2.3");
        // lib -> usr/lib, as on merged-/usr Debian.
        File.CreateSymbolicLink(Path.Combine(sysroot, "lib"), "usr/lib");
        var exe = Gcc(dir, "exe", "int v(void);\nint main(void){return v();}\n", dir["libv.so.1.2.3"]);
        var result = Resolve(sysroot, exe);
        Assert.Empty(result.Missing);
        var link = Assert.Single(result.Files, f => f.Path == "lib/x86_64-linux-gnu/libv.so.1" || f.Path == "usr/lib/x86_64-linux-gnu/libv.so.1");
        Assert.Equal(LayerEntryKind.Symlink, link.Kind);
        Assert.Equal("libv.so.1.2.3", link.LinkTarget);
        Assert.Contains(result.Files, f => f.Path == "usr/lib/x86_64-linux-gnu/libv.so.1.2.3" && f.Kind == LayerEntryKind.File);
        Assert.All(result.Files, f => Assert.False(string.IsNullOrEmpty(f.Reason)));
    }

    [Fact]
    public void DlopenPattern_TakesTheNewestVersionedSoname_WhateverTheDistributionShips()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        var libdir = Path.Combine(sysroot, "usr/lib/x86_64-linux-gnu");
        // ICU's soname carries its major (72 on Debian 12, 74 on Ubuntu 24.04, 76 on Debian 13).
        foreach (var major in new[] { "72", "76" })
        {
            Gcc(dir, $"libicuuc.so.{major}.1", "int u(void){return 0;}\n", "-shared", "-fPIC", $"-Wl,-soname,libicuuc.so.{major}");
            File.Copy(dir[$"libicuuc.so.{major}.1"], Path.Combine(libdir, $"libicuuc.so.{major}.1"));
            File.CreateSymbolicLink(Path.Combine(libdir, $"libicuuc.so.{major}"), $"libicuuc.so.{major}.1");
        }
        File.WriteAllText(Path.Combine(libdir, "libicuuc.so.dev"), "not a versioned soname");
        var exe = Gcc(dir, "exe", "int main(void){return 0;}\n");
        var result = ClosureResolver.Resolve(new RootView(new Sysroot(sysroot)), [new ClosureRoot("app/x", exe)], [new DlopenNeed("libicuuc.so.*", "ICU")]);
        Assert.Empty(result.Missing);
        Assert.Contains(result.Files, f => f.Path == "usr/lib/x86_64-linux-gnu/libicuuc.so.76" && f.Kind == LayerEntryKind.Symlink);
        Assert.Contains(result.Files, f => f.Path == "usr/lib/x86_64-linux-gnu/libicuuc.so.76.1" && f.Reason.Contains("dlopen", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Files, f => f.Path.Contains("libicuuc.so.72", StringComparison.Ordinal) || f.Path.EndsWith(".dev", StringComparison.Ordinal));
    }

    [Fact]
    public void DlopenPattern_WithNoMatch_IsReportedMissing()
    {
        using var dir = new TempDir();
        var sysroot = MakeSysroot(dir);
        var exe = Gcc(dir, "exe", "int main(void){return 0;}\n");
        var result = ClosureResolver.Resolve(new RootView(new Sysroot(sysroot)), [new ClosureRoot("app/x", exe)], [new DlopenNeed("libicuuc.so.*", "ICU")]);
        Assert.Equal("libicuuc.so.*", Assert.Single(result.Missing).Name);
    }

    [Fact]
    public void Sysroot_ResolvesAbsoluteSymlinksAndDotDotInsideTheRoot()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["root/etc"]);
        File.WriteAllText(dir["root/etc/inside"], "x");
        File.CreateSymbolicLink(dir["root/escape"], "/etc/inside");
        File.CreateSymbolicLink(dir["root/up"], "../../../../etc");
        var root = new Sysroot(dir["root"]);
        Assert.Equal("etc/inside", root.Resolve("/escape"));
        Assert.Equal("etc/inside", root.Resolve("/up/inside"));
        Assert.Null(root.Resolve("/up/passwd")); // the host's /etc/passwd is not visible
    }
}
