using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UserConsole.App.Components.Account;
using UserConsole.App.Security;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>/Account/RefreshSignIn: after a user changed their own password or 2FA in the interactive profile page,
/// this browser's cookie is re-issued (the others end), and only for the session, user and stamp of the ticket.</summary>
public sealed class SessionRenewalTests : IAsyncLifetime
{
    private const string Password = TestPasswords.Strong;
    private readonly UserConsoleFactory _factory = new();
    private Guid _adminId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var name = await _factory.PrepareAdminAsync(Password);
        _adminId = (await _factory.FindUserAsync(name)).Id;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed record Browser(HttpClient Client, CookieContainer Cookies) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private Browser NewBrowser()
    {
        var cookies = new CookieContainer();
        return new Browser(_factory.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
    }

    private static async Task SignInAsync(Browser browser, string name)
    {
        using var response = await FormPost.SubmitAsync(browser.Client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = name,
            ["Input.Password"] = Password,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>The principal in the browser's session cookie, as the app issued it.</summary>
    private ClaimsPrincipal SessionOf(Browser browser)
    {
        var options = _factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var value = browser.Cookies.GetCookies(new Uri("http://localhost"))[options.Cookie.Name!]!.Value;
        return options.TicketDataFormat.Unprotect(value)!.Principal!;
    }

    private string TicketFor(Browser browser, CredentialChange change)
    {
        var session = SessionOf(browser);
        var stampType = _factory.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        return _factory.Services.GetRequiredService<SessionRenewalTickets>().Issue(
            change.UserId, change.SecurityStamp, session.FindFirstValue(stampType)!, session.FindFirstValue(UserConsoleClaims.AuthenticatedAt), "/profile?done=password-changed");
    }

    private async Task<CredentialChange> ChangeOwnPasswordAsync()
    {
        using var scope = _factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<ProfileService>().ChangePasswordAsync(new ActingUser(_adminId), new ChangePasswordInput
        {
            CurrentPassword = Password,
            NewPassword = TestPasswords.OtherStrong,
            RepeatPassword = TestPasswords.OtherStrong,
        }, Ct);
        return result.Value!;
    }

    private static async Task<HttpResponseMessage> RedeemAsync(Browser browser, string ticket) =>
        await browser.Client.GetAsync(new Uri($"/Account/RefreshSignIn?ticket={Uri.EscapeDataString(ticket)}", UriKind.Relative), Ct);

    private static async Task<HttpStatusCode> UsersPageAsync(Browser browser)
    {
        using var response = await browser.Client.GetAsync(new Uri("/users", UriKind.Relative), Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task RefreshSignIn_AfterOwnPasswordChange_KeepsThisSessionAndEndsTheOthers()
    {
        using var here = NewBrowser();
        using var elsewhere = NewBrowser();
        await SignInAsync(here, "admin");
        await SignInAsync(elsewhere, "admin");
        var signedInAt = SessionOf(here).FindFirstValue(UserConsoleClaims.AuthenticatedAt);
        var change = await ChangeOwnPasswordAsync();

        using var response = await RedeemAsync(here, TicketFor(here, change));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/profile?done=password-changed");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await UsersPageAsync(here)).ShouldBe(HttpStatusCode.OK);
        (await UsersPageAsync(elsewhere)).ShouldBe(HttpStatusCode.Redirect);
        SessionOf(here).FindFirstValue(UserConsoleClaims.AuthenticatedAt).ShouldBe(signedInAt);
    }

    [Fact]
    public async Task RefreshSignIn_WithATicketUsedBefore_IsRefused()
    {
        using var here = NewBrowser();
        await SignInAsync(here, "admin");
        var change = await ChangeOwnPasswordAsync();
        var ticket = TicketFor(here, change);
        using var first = await RedeemAsync(here, ticket);

        using var again = await RedeemAsync(here, ticket);

        first.Headers.Location!.OriginalString.ShouldStartWith("/profile");
        again.Headers.Location!.OriginalString.ShouldBe("/Account/Login?reason=session-ended");
    }

    [Fact]
    public async Task RefreshSignIn_InABrowserWithoutThatSession_IsRefusedAndSignsNobodyIn()
    {
        using var here = NewBrowser();
        await SignInAsync(here, "admin");
        var change = await ChangeOwnPasswordAsync();
        using var stranger = NewBrowser();

        using var response = await RedeemAsync(stranger, TicketFor(here, change));

        response.Headers.Location!.OriginalString.ShouldBe("/Account/Login?reason=session-ended");
        (await UsersPageAsync(stranger)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task RefreshSignIn_InAnotherUsersBrowser_IsRefused()
    {
        using var here = NewBrowser();
        await SignInAsync(here, "admin");
        await ArrangeUserAsync("bob");
        using var bob = NewBrowser();
        await SignInAsync(bob, "bob");
        var change = await ChangeOwnPasswordAsync();

        using var response = await RedeemAsync(bob, TicketFor(here, change));

        response.Headers.Location!.OriginalString.ShouldBe("/Account/Login?reason=session-ended");
    }

    [Fact]
    public async Task RefreshSignIn_WhenTheStampChangedAgainSinceTheTicket_IsRefused()
    {
        using var here = NewBrowser();
        await SignInAsync(here, "admin");
        var change = await ChangeOwnPasswordAsync();
        var ticket = TicketFor(here, change);
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync(Ct))
        {
            // As an administrator's password reset or 2FA removal would.
            await db.Users.Where(u => u.Id == _adminId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, "rotated-by-an-administrator"), Ct);
        }

        using var response = await RedeemAsync(here, ticket);

        response.Headers.Location!.OriginalString.ShouldBe("/Account/Login?reason=session-ended");
        (await UsersPageAsync(here)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task RefreshSignIn_WithAForgedTicket_IsRefused()
    {
        using var here = NewBrowser();
        await SignInAsync(here, "admin");

        using var response = await RedeemAsync(here, "CfDJ8-forged");

        response.Headers.Location!.OriginalString.ShouldBe("/Account/Login?reason=session-ended");
    }

    private async Task ArrangeUserAsync(string name)
    {
        using var scope = _factory.Services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();
        var normalizer = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        await using var db = await contexts.CreateDbContextAsync(Ct);
        var role = await db.Roles.SingleAsync(r => r.IsFirstAdminRole, Ct);
        var user = new User(name, $"{name}@example.test", role.Id, DateTime.UtcNow)
        {
            NormalizedUserName = normalizer.NormalizeName(name),
            NormalizedEmail = normalizer.NormalizeEmail($"{name}@example.test"),
        };
        user.SetChosenPassword(hasher.HashPassword(user, Password));
        db.Users.Add(user);
        await db.SaveChangesAsync(Ct);
    }
}
