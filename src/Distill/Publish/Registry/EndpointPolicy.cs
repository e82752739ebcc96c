using System.Net;
using System.Net.Sockets;

namespace Distill.Publish.Registry;

/// <summary>
/// Which URLs a registry conversation may reach: plain HTTP only for loopback or hosts the user
/// marked insecure; token realms and upload locations validated against SSRF (RELIABILITY B3-11,
/// B3-12, B3-14, B6-07).
/// </summary>
internal static class EndpointPolicy
{
    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1.</summary>
    public static bool IsLoopback(string host)
    {
        var h = host.Trim('[', ']');
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(h, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>True for IP literals in private, link-local (cloud metadata), unspecified or multicast ranges.</summary>
    public static bool IsPrivateAddress(string host)
    {
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return false;
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224;
        }
        return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal || ip.IsIPv6Multicast || ip.Equals(IPAddress.IPv6Any);
    }

    /// <summary>The host[:port] of a URL as the registry reference writes it (IPv6 in brackets, default ports dropped).</summary>
    public static string Authority(Uri url) => url.Authority;

    /// <summary>True when two URLs share scheme, host and port (the only case credentials may follow).</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>
    /// Checks a URL the registry pointed us at (token realm, upload location, redirect). A plain-HTTP
    /// target is allowed only when the registry itself speaks plain HTTP; a loopback or private IP
    /// only when the registry is on the same kind of address.
    /// </summary>
    /// <exception cref="DistillException">The URL is refused; the message names only its host.</exception>
    public static void CheckTarget(Uri registryBase, Uri target, string purpose)
    {
        if (target.Scheme is not ("https" or "http"))
        {
            throw Refused(purpose, target, $"its scheme '{target.Scheme}' is not http(s)");
        }
        if (SameOrigin(registryBase, target) || string.Equals(registryBase.Host, target.Host, StringComparison.OrdinalIgnoreCase))
        {
            if (registryBase.Scheme == "https" && target.Scheme == "http")
            {
                throw Refused(purpose, target, "it downgrades HTTPS to plain HTTP");
            }
            return;
        }
        if (target.Scheme == "http" && registryBase.Scheme == "https")
        {
            throw Refused(purpose, target, "it downgrades HTTPS to plain HTTP");
        }
        if (target.Scheme == "http" && !IsLoopback(registryBase.Host) && !IsLoopback(target.Host) && registryBase.Scheme != "http")
        {
            throw Refused(purpose, target, "it is plain HTTP");
        }
        var registryIsLocal = IsLoopback(registryBase.Host) || IsPrivateAddress(registryBase.Host);
        if ((IsLoopback(target.Host) || IsPrivateAddress(target.Host)) && !registryIsLocal)
        {
            throw Refused(purpose, target, "it points at a loopback, private or link-local address");
        }
    }

    private static DistillException Refused(string purpose, Uri target, string why) =>
        new(ErrorCode.Registry, $"refusing the {purpose} on host '{Authority(target)}': {why}");
}
