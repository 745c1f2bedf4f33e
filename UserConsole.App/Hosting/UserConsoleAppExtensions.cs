using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using UserConsole.App.Components.Account;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

/// <summary>The composition root, kept out of Program.cs: services, start-up work and the request pipeline.</summary>
public static class UserConsoleAppExtensions
{
    /// <summary>The app's services, group by group; each group lives in its own file beside this one.</summary>
    public static WebApplicationBuilder AddUserConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddUserConsoleLive() // first: the domain adds its no-op change publisher only where none is registered
            .AddUserConsoleData()
            .AddUserConsoleUI()
            .AddUserConsoleIdentity() // after the UI: it replaces Blazor's authentication state provider
            .AddUserConsoleSecurity()
            .AddBackupDemo()
            .AddAuditTrail()
            .AddUserConsoleMail()
            .AddAccessReview()
            .AddUserConsoleDiagnostics(); // nothing unless the circuits benchmark turns it on
    }

    /// <summary>Migrates the database (WAL verified) and, on the very first start, creates the first admin and
    /// prints its one-time password to the console, once; in Development it seeds the demo backup data.</summary>
    public static async Task InitializeUserConsoleAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = app.Services.GetRequiredService<DataProtectionSetup>();
        keys.Log(app.Logger, app.Environment);
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await keys.ImportFolderKeysAsync(app.Services.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>(), app.Logger);
        await using var scope = app.Services.CreateAsyncScope();
        var password = await scope.ServiceProvider.GetRequiredService<Installation>().BootstrapAsync();
        if (password is not null)
        {
            Console.WriteLine(Installation.FormatOneTimePasswordBlock(Installation.FirstAdminUserName, password,
                "UserConsole: first start, the first admin account was created"));
        }

        await app.SeedBackupDemoAsync();
    }

    /// <summary>The whole request pipeline, in the order each request meets it.</summary>
    public static WebApplication UseUserConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders(); // first: the client address and scheme as trusted proxies give them (none by default)
        app.UseMiddleware<HostPrefixAntiforgeryCookie>(); // over HTTPS the antiforgery cookie is __Host- prefixed
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true); // Development shows the developer page instead
        }

        app.UseSecurityHeaders(SecurityHeaders.Policy()); // every response, the error page's included (HSTS over HTTPS only)
        app.UseMiddleware<HubOriginCheck>(); // a foreign Origin never reaches the Blazor hub

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true); // a 404 renders the app's page
        app.UseRateLimiter(); // early: sign-in POSTs over the limit are refused before any other work
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>(); // needs the signed-in user: one who must change the password reaches only that form
        app.UseAuthorization();
        app.UseAntiforgery(); // after authentication and authorization, as Razor components require

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions()).AllowAnonymous();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapPasskeyEndpoints();
        app.MapAuditExport();
        app.MapAccessReviewExport();
        app.MapUserConsoleDiagnostics(); // only when turned on, loopback only
        return app;
    }
}
