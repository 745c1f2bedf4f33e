using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using UserConsole.App.Components.Account;
using UserConsole.App.Live;
using UserConsole.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Hosting;

internal static class IdentityServices
{
    /// <summary>Identity with its session cookie, the authentication state of a circuit, the circuit's session,
    /// the sign-in refresher and the session renewal tickets.</summary>
    internal static WebApplicationBuilder AddUserConsoleIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var security = SecurityOptions.Read(builder.Configuration);
        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Singleton(new SessionLimits(
            TimeSpan.FromMinutes(security.SessionIdleMinutes),
            TimeSpan.FromHours(security.SessionAbsoluteHours),
            TimeSpan.FromSeconds(security.SessionWarningSeconds))));
        services.Replace(ServiceDescriptor.Singleton(new SecurityPolicyDefaults(security.ToPolicy())));
        services.AddHostedService<SecurityPolicyRefresher>();
        AddIdentity(services, security);

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitAuthenticationStateProvider>();
        services.AddScoped<SessionUser>();
        services.AddScoped<CircuitSession>();
        services.AddScoped<AccountRedirects>();
        services.AddScoped<SignInRefresher>();
        services.AddSingleton<SessionRenewalTickets>();
        services.AddScoped<SessionRenewal>();
        services.AddSingleton<Components.Profile.RecoveryCodeHandoff>();
        return builder;
    }

    private static void AddIdentity(IServiceCollection services, SecurityOptions security)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie?.Configure(options => ConfigureSessionCookie(options, security));
                cookies.TwoFactorUserIdCookie?.Configure(options => options.CookieManager = new HostPrefixCookieManager());
            });

        services.AddIdentityCore<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = security.LockoutMaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
            })
            .AddEntityFrameworkStores<UserConsoleDbContext>()
            .AddUserManager<UserConsoleUserManager>()
            .AddSignInManager<UserConsoleSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodeProvider>(TokenOptions.DefaultAuthenticatorProvider);

        // Identity's store, with recovery codes hashed and passkey uses dated (see UserConsoleUserStore).
        services.Replace(ServiceDescriptor.Scoped<IUserStore<User>, UserConsoleUserStore>());

        // Passkeys through Identity's own handler: discoverable (so that "Sign in with a passkey" needs no name) and
        // with user verification (the passkey is a second factor in itself).
        services.Configure<IdentityPasskeyOptions>(options =>
        {
            options.ServerDomain = string.IsNullOrWhiteSpace(security.PasskeyServerDomain) ? null : security.PasskeyServerDomain.Trim();
            options.ResidentKeyRequirement = "required";
            options.UserVerificationRequirement = "required";
        });

        // The session cookie is checked against the security stamp on every request: a disabled account, a reset
        // password or a revoked 2FA ends the session at its next request, not 30 minutes later.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            options.OnRefreshingPrincipal = SessionCookieEvents.KeepSessionClaims;
        });
    }

    /// <summary>The session cookie carries the user, the security stamp and the id of the server-side session; the
    /// session record decides whether it is still good (see <see cref="SessionCookieEvents"/>).</summary>
    private static void ConfigureSessionCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions options, SecurityOptions security)
    {
        options.LoginPath = "/Account/Login";
        options.LogoutPath = "/Account/Logout";
        options.AccessDeniedPath = "/Account/Login";
        options.Cookie.Name = "UserConsole.Session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.CookieManager = new HostPrefixCookieManager();
        // The idle limit is the session record's (activity in a circuit sends no request that could slide a
        // cookie); the cookie itself lives no longer than the absolute limit in force when it is issued (the
        // Security policy's, see SessionCookieEvents.LimitToAbsoluteTime; this is only the fallback).
        options.ExpireTimeSpan = TimeSpan.FromHours(security.SessionAbsoluteHours);
        options.SlidingExpiration = false;
        options.Events.OnSigningIn = SessionCookieEvents.LimitToAbsoluteTime;
        options.Events.OnValidatePrincipal = SessionCookieEvents.ValidatePrincipalAsync;
        options.Events.OnRedirectToLogin = SessionCookieEvents.RedirectToLoginAsync;
    }
}
