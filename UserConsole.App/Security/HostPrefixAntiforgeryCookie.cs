using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace UserConsole.App.Security;

/// <summary>Over HTTPS the antiforgery cookie travels as <c>__Host-</c> + its name, Secure, Path=/, without Domain,
/// like the session cookie (<see cref="HostPrefixCookieManager"/>). Antiforgery's cookie name is fixed at start-up and
/// it has no cookie-manager hook, so this middleware, placed before anything reads the cookie, renames it on the
/// way in (the prefixed cookie is the only one believed: an unprefixed one, which a sibling subdomain or plain HTTP
/// could plant, is dropped) and on the way out. Over plain HTTP nothing changes, as a browser refuses prefixed
/// cookies there.</summary>
internal sealed class HostPrefixAntiforgeryCookie(RequestDelegate next, IOptions<AntiforgeryOptions> options)
{
    private readonly string _name = options.Value.Cookie.Name
        ?? throw new InvalidOperationException("The antiforgery cookie needs a name.");

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsHttps)
        {
            return next(context);
        }

        RenameRequestCookie(context.Request);
        context.Response.OnStarting(() =>
        {
            RenameResponseCookies(context.Response);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private void RenameRequestCookie(HttpRequest request)
    {
        if (!CookieHeaderValue.TryParseList([.. request.Headers.Cookie.OfType<string>()], out var cookies))
        {
            return;
        }

        var prefixed = HostPrefixCookieManager.Prefix + _name;
        var kept = cookies
            .Where(c => !c.Name.Equals(_name, StringComparison.Ordinal))
            .Select(c => c.Name.Equals(prefixed, StringComparison.Ordinal) ? new CookieHeaderValue(_name, c.Value) : c)
            .Select(c => c.ToString());
        request.Headers.Cookie = string.Join("; ", kept);
    }

    private void RenameResponseCookies(HttpResponse response)
    {
        var values = response.Headers.SetCookie;
        if (!SetCookieHeaderValue.TryParseList([.. values.OfType<string>()], out var cookies)
            || !cookies.Any(c => c.Name.Equals(_name, StringComparison.Ordinal)))
        {
            return;
        }

        foreach (var cookie in cookies.Where(c => c.Name.Equals(_name, StringComparison.Ordinal)))
        {
            cookie.Name = HostPrefixCookieManager.Prefix + _name;
            cookie.Secure = true;
            cookie.Path = "/";
            cookie.Domain = null;
        }

        response.Headers.SetCookie = cookies.Select(c => c.ToString()).ToArray();
    }
}
