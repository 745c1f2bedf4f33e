using System.Net;

namespace UserConsole.App.Security;

/// <summary>The client's address as the app believes it: the connection's, or a trusted proxy's X-Forwarded-For
/// (the forwarded-headers middleware has already replaced it), IPv4 clients never written as ::ffff:a.b.c.d.</summary>
public static class ClientAddress
{
    public static IPAddress? Parse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    public static string? Of(HttpContext context) => Parse(context)?.ToString();

    /// <summary>What a rate limit counts as one client: an IPv4 address, or an IPv6 client's /64 network (one
    /// subscriber usually holds a whole /64, and could otherwise rotate addresses within it).</summary>
    public static string RateLimitKey(HttpContext context)
    {
        var address = Parse(context);
        if (address is null)
        {
            return "unknown";
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
