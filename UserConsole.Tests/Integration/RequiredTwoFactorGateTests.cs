using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>A holder of a role that requires two-factor authentication, signed in with the password but without a
/// second factor, reaches the setup form and nothing else: every page redirects there and the Blazor hub is refused.</summary>
public sealed class RequiredTwoFactorGateTests : IAsyncLifetime
{
    private readonly UserConsoleFactory _factory = new();

    public async ValueTask InitializeAsync()
    {
        await _factory.PrepareAdminAsync(TestPasswords.Strong);
        using var scope = _factory.Services.CreateScope();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();
        var role = new Role("Auditors", null, DateTime.UtcNow) { NormalizedName = "AUDITORS" };
        role.SetPermissions([Permissions.ViewUsersPage, Permissions.ViewMonitorPage]);
        role.RequireTwoFactor(true);
        db.Roles.Add(role);
        var rita = new User("rita", "rita@example.test", role.Id, DateTime.UtcNow) { NormalizedUserName = "RITA", NormalizedEmail = "RITA@EXAMPLE.TEST" };
        rita.SetScope(AccessScope.Everything);
        rita.SetChosenPassword(hasher.HashPassword(rita, TestPasswords.Strong));
        db.Users.Add(rita);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryPageAndTheHub_SendTheHolderToTheSetup_WhichItselfLoads()
    {
        using var rita = new SessionClient(_factory);
        (await rita.SignInAsync("rita", TestPasswords.Strong)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        foreach (var path in new[] { "/", "/users", "/users?tab=roles", "/monitor", "/profile", "/activity", "/settings" })
        {
            using var page = await rita.GetAsync(path);
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            page.Headers.Location!.OriginalString.ShouldBe("/Account/SetUpTwoFactor", path);
        }

        using var hub = await rita.Http.PostAsync(new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null);
        hub.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        hub.Headers.Location!.OriginalString.ShouldBe("/Account/SetUpTwoFactor");

        using var setUp = await rita.GetAsync("/Account/SetUpTwoFactor");
        setUp.StatusCode.ShouldBe(HttpStatusCode.OK);
        var markup = await setUp.Content.ReadAsStringAsync();
        markup.ShouldContain("Set up two-factor authentication");
        markup.ShouldContain("QR code for your authenticator app");
    }

    [Fact]
    public async Task TheSetupPage_SendsSomeoneWhoNeedsNoSetupHome()
    {
        using var admin = new SessionClient(_factory);
        await admin.SignInAsync("admin", TestPasswords.Strong);

        using var setUp = await admin.GetAsync("/Account/SetUpTwoFactor");

        setUp.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        setUp.Headers.Location!.AbsolutePath.ShouldBe("/");
    }
}
