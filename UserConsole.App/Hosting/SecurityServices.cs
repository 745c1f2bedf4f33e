using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using UserConsole.App.Components.Account;

namespace UserConsole.App.Hosting;

internal static class SecurityServices
{
    internal const string AntiforgeryCookieName = "UserConsole.Antiforgery";

    /// <summary>The security settings, the sign-in rate limit and the authorization policies: every page needs a
    /// signed-in user unless it says otherwise, and permission policies come from the user's access claims.
    /// Antiforgery comes with the Razor components; its cookie gets a stable name, so that over HTTPS
    /// <see cref="HostPrefixAntiforgeryCookie"/> can give it the __Host- prefix, and the pipeline applies it.</summary>
    internal static WebApplicationBuilder AddUserConsoleSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var security = SecurityOptions.Read(builder.Configuration);
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section));
        services.AddRateLimiter(options => ConfigureSignInRateLimit(options, security));
        services.AddSingleton<SignInThrottle>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false); // no "Server: Kestrel"
        services.Configure<ForwardedHeadersOptions>(options => ConfigureForwardedHeaders(options, security));

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PageAuthorizationResultHandler>();
        services.AddScoped<IClaimsTransformation, AccessClaimsTransformation>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>X-Forwarded-For and -Proto are believed only from the proxies and networks configured; none by
    /// default (not even loopback), so that a client cannot choose the address the rate limit and the session record
    /// see. Only the nearest proxy's entry is taken.</summary>
    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, SecurityOptions security)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in security.ParsedKnownProxies())
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in security.ParsedKnownNetworks())
        {
            options.KnownIPNetworks.Add(network);
        }
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

            // The limit in force is part of the key: a limit changed on the Settings page applies to the next
            // attempt (a new window), without a restart.
            var limit = context.RequestServices.GetRequiredService<ISecurityPolicySource>().Current.SignInPermitLimit;
            var client = ClientAddress.RateLimitKey(context) + "|" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromSeconds(security.SignInWindowSeconds),
                QueueLimit = 0,
            });
        });
    }
}
