using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using UserConsole.App.Components.Account;
using UserConsole.App.Live;
using UserConsole.App.Security;
using UserConsole.Domain;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.App.Hosting;

/// <summary>The composition root, kept out of Program.cs: services, start-up work and the request pipeline.</summary>
public static class UserConsoleAppExtensions
{
    public static WebApplicationBuilder AddUserConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var data = DataLocation.Resolve(builder.Configuration, builder.Environment);
        services.AddSingleton(data);
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section));
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        // The live change feed receives every committed domain change (registered before the domain's default).
        services.AddSingleton<InMemoryChangeFeed>();
        services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        services.AddSingleton<IChangePublisher>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        services.AddUserConsoleDomain(data.ConnectionString);
        services.AddDataProtection()
            .SetApplicationName("UserConsole")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data.Folder, "keys")));

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();

        AddIdentity(services, security);
        services.AddRateLimiter(options => ConfigureSignInRateLimit(options, security));
        services.AddHealthChecks().AddDbContextCheck<UserConsoleDbContext>("database");

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitAuthenticationStateProvider>();
        services.AddScoped<SessionUser>();
        services.AddScoped<CircuitSession>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, LiveCircuitHandler>();
        services.AddScoped<AccountRedirects>();
        services.AddScoped<SignInRefresher>();
        services.AddSingleton<SessionRenewalTickets>();
        services.AddScoped<SessionRenewal>();
        builder.AddBackupDemo();
        builder.AddAuditTrail();
        return builder;
    }

    private static void AddIdentity(IServiceCollection services, SecurityOptions security)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = "/Account/Login";
                options.LogoutPath = "/Account/Logout";
                options.AccessDeniedPath = "/Account/Login";
                options.Cookie.Name = "UserConsole.Session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(security.SessionIdleMinutes);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SessionCookieEvents.ValidatePrincipalAsync;
                options.Events.OnRedirectToLogin = SessionCookieEvents.RedirectToLoginAsync;
            }));

        services.AddIdentityCore<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = security.LockoutMaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
            })
            .AddEntityFrameworkStores<UserConsoleDbContext>()
            .AddSignInManager<UserConsoleSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodeProvider>(TokenOptions.DefaultAuthenticatorProvider);

        // The session cookie is checked against the security stamp on every request: a disabled account, a reset
        // password or a revoked 2FA ends the session at its next request, not 30 minutes later.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            options.OnRefreshingPrincipal = SessionCookieEvents.KeepAuthenticationTime;
        });

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, PageAuthorizationResultHandler>();
        services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, AccessClaimsTransformation>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
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

    /// <summary>Migrates the database (WAL verified) and, on the very first start, creates the first admin and
    /// prints its one-time password to the console, once; in Development it seeds the demo backup data.</summary>
    public static async Task InitializeUserConsoleAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var password = await scope.ServiceProvider.GetRequiredService<Installation>().BootstrapAsync();
        if (password is not null)
        {
            Console.WriteLine(Installation.FormatOneTimePasswordBlock(Installation.FirstAdminUserName, password,
                "UserConsole: first start, the first admin account was created"));
        }

        await app.SeedBackupDemoAsync();
    }

    public static WebApplication UseUserConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions()).AllowAnonymous();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapAuditExport();
        return app;
    }
}
