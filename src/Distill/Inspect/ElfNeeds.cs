using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// Infers what a native binary needs beyond DT_NEEDED: data files (from imported/defined symbols and from
/// path strings in its mapped bytes, which also catches stripped Go and static binaries) and libraries it
/// loads with dlopen (OpenSSL and ICU by their sonames in its strings; libgcc_s for glibc thread cancellation).
/// </summary>
internal static class ElfNeeds
{
    // Libraries found by name stem in a binary's strings. OpenSSL 3's soname is the same everywhere;
    // ICU's carries its major (72 on Debian 12, 74 on Ubuntu 24.04, 76 on Debian 13) and .NET probes
    // for whichever is installed, so the closure takes the newest one the sysroot has.
    private static readonly string[] OpenSsl = ["libssl.so.3", "libcrypto.so.3"];
    private static readonly string[] Icu = ["libicuuc.so.*", "libicui18n.so.*"];

    private static readonly string[] ResolverSymbols = ["getaddrinfo", "gethostbyname", "gethostbyname_r", "gethostbyname2", "gethostbyname2_r", "gethostbyaddr", "gethostbyaddr_r", "getnameinfo"];
    private static readonly string[] UserSymbols = ["getpwnam", "getpwnam_r", "getpwuid", "getpwuid_r", "getgrnam", "getgrnam_r", "getgrgid", "getgrgid_r", "getpwent", "initgroups", "getgrouplist"];

    private static readonly (string File, string[] Symbols, string[] Strings)[] Rules =
    [
        (DataFile.CaCertificates,
            ["SSL_CTX_new", "SSL_CTX_set_default_verify_paths", "SSL_CTX_load_verify_locations", "X509_STORE_set_default_paths", "gnutls_certificate_set_x509_system_trust", "curl_easy_perform"],
            ["/etc/ssl/certs", "ca-certificates.crt", "/etc/pki/tls/certs", "crypto/x509.initSystemRoots"]),
        (DataFile.Tzdata, ["tzset", "localtime", "localtime_r", "mktime"], ["/usr/share/zoneinfo"]),
        (DataFile.Hosts, ResolverSymbols, ["/etc/hosts"]),
        (DataFile.Nsswitch, [.. ResolverSymbols, .. UserSymbols], ["/etc/nsswitch.conf"]),
        (DataFile.Passwd, UserSymbols, ["/etc/passwd", "os/user."]),
        (DataFile.Netbase, ["getservbyname", "getservbyname_r", "getservbyport", "getprotobyname", "getprotobynumber"], ["/etc/services", "/etc/protocols"]),
        (DataFile.MimeTypes, [], ["/etc/mime.types"]),
        (DataFile.Tmp, ["mkstemp", "mkstemp64", "mkdtemp", "tmpfile", "tmpfile64", "tempnam", "tmpnam"], ["os.CreateTemp", "os.MkdirTemp", "os.TempDir"]),
    ];

    /// <summary>The data files the binary's symbols and strings point at; tzdata is dropped when Go embeds it.</summary>
    public static List<string> DataFiles(ElfInfo info, ElfStrings strings, IDictionary<string, string> details)
    {
        var files = Rules.Where(r => r.Symbols.Any(info.HasSymbol) || strings.ContainsAny(r.Strings)).Select(r => r.File).ToList();
        if (info.Go is { } go && (go.Tags.Contains("timetzdata") || strings.Contains("time/tzdata")))
        {
            files.Remove(DataFile.Tzdata);
            details["go.tzdataEmbedded"] = "true";
        }
        return files;
    }

    /// <summary>True when a static glibc binary does NSS lookups (getaddrinfo, getpwnam, ...).</summary>
    public static bool StaticNss(ElfInfo info, ElfStrings strings) =>
        ResolverSymbols.Concat(UserSymbols).Any(info.HasSymbol) || strings.Contains("/etc/nsswitch.conf");

    /// <summary>Libraries loaded with dlopen that the bytes reveal; <paramref name="icuAllowed"/> is false for invariant .NET apps.</summary>
    public static List<string> Dlopened(ElfInfo info, Libc libc, ElfStrings strings, bool sslHint, bool icuHint, bool icuAllowed, List<string> warnings)
    {
        var libs = new List<string>();
        if ((sslHint || strings.Contains("libssl.so")) && !info.Needed.Any(n => n.StartsWith("libssl.so", StringComparison.Ordinal)))
        {
            libs.AddRange(OpenSsl);
        }
        if ((icuHint || strings.Contains("libicuuc.so")) && icuAllowed)
        {
            libs.AddRange(Icu);
            warnings.Add("loads ICU (libicuuc, libicui18n) with dlopen for globalization; InvariantGlobalization=true drops it");
        }
        if (libc == Libc.Glibc && info.Linkage == Linkage.Dynamic
            && (info.ImportedSymbols.Contains("pthread_cancel") || info.ImportedSymbols.Contains("pthread_exit"))
            && !info.Needed.Contains("libgcc_s.so.1"))
        {
            libs.Add("libgcc_s.so.1");
            warnings.Add("uses pthread_cancel/pthread_exit: glibc loads libgcc_s.so.1 with dlopen to unwind the thread");
        }
        if (libs.Count == 0 && info.ImportedSymbols.Contains("dlopen"))
        {
            warnings.Add("calls dlopen: libraries it loads at run time are invisible to DT_NEEDED and not in this analysis");
        }
        return libs;
    }

    /// <summary>The C library from the loader name, the sonames, or (for static files) glibc's ABI-tag note.</summary>
    public static Libc LibcOf(ElfInfo info)
    {
        var loader = info.Interpreter is { } i ? i[(i.LastIndexOf('/') + 1)..] : "";
        if (loader.StartsWith("ld-musl", StringComparison.Ordinal) || info.Needed.Contains("libc.so") || info.Needed.Any(n => n.StartsWith("libc.musl", StringComparison.Ordinal)))
        {
            return Libc.Musl;
        }
        if (loader.StartsWith("ld-linux", StringComparison.Ordinal) || loader.StartsWith("ld64.so", StringComparison.Ordinal) || info.Needed.Contains("libc.so.6"))
        {
            return Libc.Glibc;
        }
        // glibc's crt1.o carries NT_GNU_ABI_TAG; musl's and Go's do not.
        return info.Go is null && info.AbiTag is not null && info.Linkage != Linkage.Dynamic ? Libc.Glibc : Libc.None;
    }
}
