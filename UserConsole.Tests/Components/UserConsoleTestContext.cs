using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using UserConsole.App.Live;
using UserConsole.App.Security;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components;

/// <summary>bUnit context for UserConsole components: MudBlazor services, loose JS interop, a signed-in user with
/// permission claims and matching policies, and the real domain services over a real temporary SQLite database
/// (<see cref="Domain"/>), so components are tested against what the service really decides.</summary>
public abstract class UserConsoleTestContext : BunitContext, IAsyncLifetime
{
    private DomainTestContext? _domain;
    private IServiceScope? _domainScope;

    protected UserConsoleTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<SessionUser>();
        Services.AddSingleton(Feed);
        Services.AddSingleton<IChangeFeed>(Feed);

        // The passkey scripts (profile, "Confirm it's you") are given the antiforgery token; bUnit has no request.
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions()));
        Services.AddSingleton<Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider, NoAntiforgeryToken>();
        Authorization = AddAuthorization();
    }

    /// <summary>No token: bUnit has no request to take one from.</summary>
    private sealed class NoAntiforgeryToken : Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider
    {
        public override Microsoft.AspNetCore.Components.Forms.AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>The live change feed components subscribe to (publish to it to simulate another session).</summary>
    protected InMemoryChangeFeed Feed { get; } = new(Microsoft.Extensions.Logging.Abstractions.NullLogger<InMemoryChangeFeed>.Instance);

    protected DomainTestContext Domain => _domain ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public virtual async ValueTask InitializeAsync()
    {
        _domain = await DomainTestContext.CreateAsync();
        _domainScope = _domain.Services.CreateScope();
        Services.AddFallbackServiceProvider(_domainScope.ServiceProvider);
        var domain = _domainScope.ServiceProvider;
        Services.AddScoped(sp => new CircuitSession(
            Feed,
            sp.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>(),
            domain.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<UserConsole.Domain.Persistence.UserConsoleDbContext>>(),
            sp.GetRequiredService<SessionUser>(),
            domain.GetRequiredService<UserConsole.Domain.Sessions.SessionService>(),
            domain.GetRequiredService<TimeProvider>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CircuitSession>.Instance));
        Services.AddScoped(sp => new UserConsole.App.Components.Shared.StepUp(
            domain.GetRequiredService<UserConsole.Domain.Sessions.IdentityConfirmation>(), sp.GetRequiredService<MudBlazor.IDialogService>()));
        AddServices();

        // Components render as in an open circuit (interactive server). Touching the renderer builds the service
        // provider, so this comes after every registration.
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Registers services a test class needs beyond the defaults (called before the provider is built).</summary>
    protected virtual void AddServices()
    {
    }

    /// <summary>Signs <paramref name="user"/> in with exactly these permissions (claims and policies agree), and
    /// any other claims the session cookie would carry (for example Identity's security stamp).</summary>
    protected void SignIn(User user, IEnumerable<string> permissions, params Claim[] otherClaims)
    {
        ArgumentNullException.ThrowIfNull(user);
        var keys = permissions.ToArray();
        Authorization.SetAuthorized(user.UserName!);
        Authorization.SetClaims([new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), .. keys.Select(k => new Claim(UserConsoleClaims.Permission, k)), .. otherClaims]);
        Authorization.SetPolicies(keys);
    }

    /// <summary>Where open selects, menus and tooltips render (after <see cref="RenderMudProviders"/>).</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;

    /// <summary>Where snackbars render (after <see cref="RenderMudProviders"/>).</summary>
    protected IRenderedComponent<MudSnackbarProvider> Snackbars { get; private set; } = null!;

    /// <summary>Renders the MudBlazor hosts that popovers, dialogs and snackbars render into; returns the dialog host.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderMudProviders()
    {
        Popovers = Render<MudPopoverProvider>();
        Snackbars = Render<MudSnackbarProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Opens the MudSelect labelled <paramref name="label"/> inside <paramref name="host"/> and picks
    /// the option <paramref name="option"/>.</summary>
    protected void Choose<T>(IRenderedComponent<T> host, string label, string option)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var input = host.InputByLabel(label);
        (input.Closest(".mud-select") ?? input).MouseDown();
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").ShouldContain(i => i.TextContent.Trim() == option));
        Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == option).Click();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _domainScope?.Dispose();
        if (_domain is not null)
        {
            await _domain.DisposeAsync();
        }
    }
}
