namespace Distill.Base;

/// <summary>The data files an application reads at run time (KNOWLEDGE.md §3), by stable name.</summary>
public static class DataFile
{
    public const string CaCertificates = "ca-certificates";
    public const string Tzdata = "tzdata";
    public const string Hosts = "hosts";
    public const string Nsswitch = "nsswitch";
    public const string Passwd = "passwd";
    public const string Netbase = "netbase";
    public const string MimeTypes = "mime-types";
    public const string Tmp = "tmp";

    /// <summary>All names in their canonical report order.</summary>
    public static IReadOnlyList<string> All { get; } = [CaCertificates, Tzdata, Hosts, Nsswitch, Passwd, Netbase, MimeTypes, Tmp];

    /// <summary>Distinct names in canonical order (unknown names last, ordinally).</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> names) =>
        names.Distinct(StringComparer.Ordinal)
            .OrderBy(n => All.Contains(n) ? All.ToList().IndexOf(n) : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToArray();
}
