namespace Distill.Base;

public static partial class BasePolicy
{
    // Sonames each glibc-based tier adds (Debian 12 packages). Loaders are matched by file name.
    private static readonly HashSet<string> Libc6 = new(StringComparer.Ordinal)
    {
        "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libresolv.so.2", "libutil.so.1",
        "libanl.so.1", "libmvec.so.1", "libBrokenLocale.so.1", "libc_malloc_debug.so.0", "libthread_db.so.1",
        "libnss_files.so.2", "libnss_dns.so.2", "libnss_compat.so.2", "libnss_hesiod.so.2",
        "ld-linux-x86-64.so.2", "ld-linux.so.2", "ld-linux-aarch64.so.1", "ld-linux-armhf.so.3", "ld64.so.2",
        "ld64.so.1", "ld-linux-riscv64-lp64d.so.1", "ld-linux-x32.so.2", "ld.so.1",
    };

    private static readonly HashSet<string> LibSsl3 = new(StringComparer.Ordinal) { "libssl.so.3", "libcrypto.so.3" };

    private static readonly HashSet<string> CcLibs = new(StringComparer.Ordinal) { "libgcc_s.so.1", "libgomp.so.1", "libstdc++.so.6" };

    /// <summary>The lowest glibc tier that ships <paramref name="soname"/>, or null when none does.</summary>
    private static string? TierOf(string soname) =>
        Libc6.Contains(soname) ? BaseTier.BaseNoSsl
        : LibSsl3.Contains(soname) ? BaseTier.Base
        : CcLibs.Contains(soname) ? BaseTier.Cc
        : null;

    /// <summary>The Debian package a tier library comes from, for reasons.</summary>
    private static string PackageOf(string tier) => tier switch
    {
        BaseTier.BaseNoSsl => "libc6",
        BaseTier.Base => "libssl3",
        _ => "libgcc-s1/libstdc++6/libgomp1",
    };

    private static int Rank(string tier) => tier switch
    {
        BaseTier.BaseNoSsl => 1,
        BaseTier.Base => 2,
        BaseTier.Cc => 3,
        _ => 0,
    };
}
