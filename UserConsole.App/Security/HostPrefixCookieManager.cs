using Microsoft.AspNetCore.Authentication.Cookies;

namespace UserConsole.App.Security;

/// <summary>Over HTTPS the authentication cookies are named with the __Host- prefix and sent Secure, Path=/,
/// without Domain: the browser then refuses such a cookie from a sibling subdomain or over plain HTTP. Over plain
/// HTTP (local development, the tests) the plain name is used, as a browser would refuse a prefixed one there.</summary>
internal sealed class HostPrefixCookieManager : ICookieManager
{
    public const string Prefix = "__Host-";

    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, NameFor(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, NameFor(context, key), value, Secure(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, NameFor(context, key), Secure(context, options));

    private static string NameFor(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;

    private static CookieOptions Secure(HttpContext context, CookieOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (context.Request.IsHttps)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }

        return options;
    }
}
