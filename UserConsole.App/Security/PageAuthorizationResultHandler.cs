using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;

namespace UserConsole.App.Security;

/// <summary>A signed-in user opening a page whose permission they lack gets the page's "You don't have access to
/// this page" (naming the permission) with status 403, instead of being sent to the sign-in page. The page
/// component itself never runs: the router's AuthorizeRouteView checks the same policy and renders NoAccess.</summary>
internal sealed class PageAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden
            && context.User.Identity?.IsAuthenticated == true
            && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await next(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
