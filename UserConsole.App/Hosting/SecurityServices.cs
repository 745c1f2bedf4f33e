using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using UserConsole.App.Components.Account;

namespace UserConsole.App.Hosting;

public static class SecurityServices
{
    /// <summary>The security settings, the sign-in rate limit and the authorization policies: every page needs a
    /// signed-in user unless it says otherwise, and permission policies come from the user's access claims.
    /// Antiforgery comes with the Razor components; the pipeline applies it.</summary>
    public static WebApplicationBuilder AddUserConsoleSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var security = SecurityOptions.Read(builder.Configuration);
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section));
        services.AddRateLimiter(options => ConfigureSignInRateLimit(options, security));

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PageAuthorizationResultHandler>();
        services.AddScoped<IClaimsTransformation, AccessClaimsTransformation>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    private static void ConfigureSignInRateLimit(RateLimiterOptions options, SecurityOptions security)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, cancellationToken) =>
        {
            context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
            await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute and try again.", cancellationToken);
        };
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || !AccountPaths.IsSignInForm(context.Request.Path))
            {
                return RateLimitPartition.GetNoLimiter("other");
            }

            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = security.SignInPermitLimit,
                Window = TimeSpan.FromSeconds(security.SignInWindowSeconds),
                QueueLimit = 0,
            });
        });
    }
}
