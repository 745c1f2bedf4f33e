using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Sessions;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The session cookie is only a pointer at a server-side session: once that session ends, the cookie is
/// worthless everywhere, copies included.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient CopyOf(SessionClient browser)
    {
        var thief = _factory.CreateDefaultClient();
        thief.DefaultRequestHeaders.Add("Cookie", $"{SessionClient.SessionCookie}={browser.SessionCookieValue()}");
        return thief;
    }

    [Fact]
    public async Task SignOut_RefusesACookieCopiedBeforeIt()
    {
        using var browser = new SessionClient(_factory);
        (await browser.SignInAsync(_admin, TestPasswords.Strong)).Headers.Location!.AbsolutePath.ShouldBe("/");
        using var thief = CopyOf(browser);
        (await thief.GetAsync(new Uri("/users", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var signOut = await browser.SignOutAsync();

        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signOut.Headers.Location!.OriginalString.ShouldBe("/Account/Login?reason=signed-out");
        using var after = await thief.GetAsync(new Uri("/users", UriKind.Relative), TestContext.Current.CancellationToken);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/Account/Login");
        after.Headers.Location!.ToString().ShouldContain("reason=signed-out");
        (await LatestSessionAsync()).EndReason.ShouldBe(SessionEndReasons.SignedOut);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefusedAndTheSessionGoesOn()
    {
        using var browser = new SessionClient(_factory);
        await browser.SignInAsync(_admin, TestPasswords.Strong);

        using var signOut = await browser.SignOutAsync(withToken: false);

        signOut.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetAsync("/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await LatestSessionAsync()).IsEnded.ShouldBeFalse();
    }

    [Fact]
    public async Task EndingASessionFromTheProfile_RefusesItsCookie_AndKeepsTheOther()
    {
        using var first = new SessionClient(_factory);
        await first.SignInAsync(_admin, TestPasswords.Strong);
        var firstSession = await LatestSessionAsync();
        using var second = new SessionClient(_factory);
        await second.SignInAsync(_admin, TestPasswords.Strong);
        var secondSession = await LatestSessionAsync();

        // What the profile's "Sign out" on the first session does, acting from the second.
        using (var scope = _factory.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<SessionService>()
                .EndOwnAsync(new ActingUser(secondSession.UserId), firstSession.Id, TestContext.Current.CancellationToken);
            result.Succeeded.ShouldBeTrue();
        }

        using var refused = await first.GetAsync("/users");
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("reason=signed-out");
        (await second.GetAsync("/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_RecordsTheSession_WithBrowserSystemAndAddressAsAPersonReadsThem()
    {
        using var browser = new SessionClient(_factory);
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");

        await browser.SignInAsync(_admin, TestPasswords.Strong);

        var session = await LatestSessionAsync();
        session.Browser.ShouldBe("Firefox");
        session.OperatingSystem.ShouldBe("Linux");
        session.SecondFactor.ShouldBe(SessionFactors.None);
        session.IsEnded.ShouldBeFalse();
    }

    [Fact]
    public async Task SignInOverHttps_SetsAHostPrefixedSecureCookie()
    {
        using var browser = new SessionClient(_factory, new Uri("https://localhost"));

        using var response = await browser.SignInAsync(_admin, TestPasswords.Strong);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.Contains(SessionClient.SessionCookie, StringComparison.Ordinal));
        cookie.ShouldStartWith("__Host-UserConsole.Session=");
        cookie.ShouldContain("secure");
        cookie.ShouldContain("path=/");
        cookie.ShouldNotContain("domain=");
        (await browser.GetAsync("/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("__Host-UserConsole.Antiforgery", HttpStatusCode.Redirect)]
    [InlineData("UserConsole.Antiforgery", HttpStatusCode.BadRequest)]
    public async Task OverHttps_OnlyTheHostPrefixedAntiforgeryCookieIsBelieved(string sentAs, HttpStatusCode expected)
    {
        var https = new Uri("https://localhost");
        using var http = _factory.CreateDefaultClient(https);
        using var page = await http.GetAsync(new Uri("/Account/Login", UriKind.Relative));
        var setCookie = page.Headers.GetValues("Set-Cookie").Single(c => c.Contains("Antiforgery", StringComparison.Ordinal));
        setCookie.ShouldStartWith("__Host-UserConsole.Antiforgery=");
        setCookie.ShouldContain("secure");
        setCookie.ShouldContain("path=/");
        setCookie.ShouldNotContain("domain=");
        var cookieValue = setCookie[(setCookie.IndexOf('=', StringComparison.Ordinal) + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(),
            "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/Account/Login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "sign-in",
                ["Input.UserNameOrEmail"] = _admin,
                ["Input.Password"] = TestPasswords.Strong,
            }),
        };
        post.Headers.Add("Cookie", $"{sentAs}={cookieValue}");
        using var response = await http.SendAsync(post);

        response.StatusCode.ShouldBe(expected); // a planted unprefixed cookie (a sibling subdomain, plain HTTP) fails the check
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirSessionsWithoutAnOpenPage_SoNoneLooksActive()
    {
        var carol = await AddUserAsync("carol");
        var admin = await _factory.FindUserAsync(_admin);
        using var scope = _factory.Services.CreateScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
        var confirmedAdmin = await ConfirmedAsync(scope.ServiceProvider, admin.Id);
        using var browser = new SessionClient(_factory);
        (await browser.SignInAsync("carol", TestPasswords.Strong)).Headers.Location!.AbsolutePath.ShouldBe("/");
        (await sessions.ListOfUserAsync(new ActingUser(admin.Id), carol.Id, TestContext.Current.CancellationToken)).Value!.Items.Count.ShouldBe(1);

        var disabled = await scope.ServiceProvider.GetRequiredService<UserConsole.Domain.Users.UserAdministration>()
            .DisableAsync(confirmedAdmin, carol.Id, carol.ConcurrencyStamp!, TestContext.Current.CancellationToken);
        disabled.Succeeded.ShouldBeTrue();

        // No page of carol's is open and her browser sends nothing: the session still ends, with the account's reason.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        UserSession? session;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            session = await LatestSessionAsync();
        }
        while (!session.IsEnded && DateTime.UtcNow < deadline);

        session.UserId.ShouldBe(carol.Id);
        session.EndReason.ShouldBe("disabled");
        (await sessions.ListOfUserAsync(new ActingUser(admin.Id), carol.Id, TestContext.Current.CancellationToken)).Value!.Items.ShouldBeEmpty();
    }

    private async Task<UserConsole.Domain.Users.User> AddUserAsync(string userName)
    {
        using var scope = _factory.Services.CreateScope();
        var hasher = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<UserConsole.Domain.Users.User>>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();
        var role = await db.Roles.SingleAsync(r => r.IsFirstAdminRole);
        var user = new UserConsole.Domain.Users.User(userName, userName + "@example.test", role.Id, DateTime.UtcNow)
        {
            NormalizedUserName = userName.ToUpperInvariant(),
            NormalizedEmail = (userName + "@example.test").ToUpperInvariant(),
        };
        user.SetScope(AccessScope.Everything);
        user.SetChosenPassword(hasher.HashPassword(user, TestPasswords.Strong));
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private async Task<UserSession> LatestSessionAsync()
    {
        using var scope = _factory.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();
        return (await db.Sessions.AsNoTracking().ToListAsync()).OrderBy(s => s.CreatedAt).Last();
    }

    /// <summary>The administrator acting from a session of theirs in which they passed "Confirm it's you" (what disabling
    /// a user needs).</summary>
    private static async Task<ActingUser> ConfirmedAsync(IServiceProvider services, Guid adminId)
    {
        var session = await services.GetRequiredService<SessionService>().StartAsync(adminId, "127.0.0.1", "test", SessionFactors.None);
        var by = new ActingUser(adminId, null, session);
        (await services.GetRequiredService<IdentityConfirmation>().ConfirmAsync(by, new ConfirmIdentityInput { Password = TestPasswords.Strong }))
            .Succeeded.ShouldBeTrue();
        return by;
    }
}
