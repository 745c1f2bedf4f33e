using Microsoft.Extensions.Options;
using UserConsole.App.Hosting;

namespace UserConsole.App.Security;

/// <summary>The Blazor hub (/_blazor) talks only to pages of the app itself: a request to it whose Origin is not the
/// app's own (or one listed in Security:AllowedOrigins) is refused with 403 before any upgrade, and so is a WebSocket
/// upgrade without an Origin (every browser sends one). A cookie is sent with a cross-site WebSocket handshake, so
/// without this check another site could open a circuit as the signed-in person.</summary>
internal sealed class HubOriginCheck(RequestDelegate next, IOptions<SecurityOptions> options)
{
    public const string HubPath = "/_blazor";

    private readonly IReadOnlyList<string> _allowed = options.Value.ParsedAllowedOrigins();

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(HubPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var origin = context.Request.Headers.Origin.ToString();
        var refused = origin.Length == 0 ? context.WebSockets.IsWebSocketRequest : !IsAllowed(context.Request, origin);
        if (refused)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    }

    private bool IsAllowed(HttpRequest request, string origin)
    {
        var own = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || _allowed.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }
}
