using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>A generated password signs in for Security:OneTimePasswordHours (24 by default), then no more.</summary>
public sealed class OneTimePasswordExpiryTests : IAsyncLifetime
{
    private const string OneTimePassword = "K7mQ2xR9vT4wZ8pL";
    private readonly UserConsoleFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<HttpResponseMessage> SignInAsync(string password)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        return await FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = "admin",
            ["Input.Password"] = password,
        });
    }

    [Fact]
    public async Task SignIn_WithAnExpiredOneTimePassword_SaysItExpired_AndChangesNothing()
    {
        await _factory.PrepareAdminAsync(OneTimePassword, oneTime: true, issuedAt: DateTime.UtcNow.AddHours(-25));
        var before = await _factory.FindUserAsync("admin");

        using var response = await SignInAsync(OneTimePassword);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("This one-time password has expired. Ask an administrator for a new one.");
        var after = await _factory.FindUserAsync("admin");
        after.AccessFailedCount.ShouldBe(before.AccessFailedCount);
        after.SecurityStamp.ShouldBe(before.SecurityStamp);
        after.ConcurrencyStamp.ShouldBe(before.ConcurrencyStamp);
        after.LastSignInAt.ShouldBeNull();
        using var scope = _factory.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();
        (await db.Sessions.CountAsync()).ShouldBe(0);
        (await db.AuditEntries.Where(a => a.Action == "user.sign_in").Select(a => new { a.Outcome, a.ErrorCode }).ToListAsync())
            .ShouldBe([new { Outcome = AuditOutcome.Refused, ErrorCode = (string?)"sign_in.password_expired" }]);
    }

    [Fact]
    public async Task SignIn_WithAWrongPasswordWhileTheOneTimePasswordExpired_FailsAsAnyWrongPassword()
    {
        await _factory.PrepareAdminAsync(OneTimePassword, oneTime: true, issuedAt: DateTime.UtcNow.AddHours(-25));

        using var response = await SignInAsync("not the password at all");

        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain(AccountService.SignInFailed.Message);
        body.ShouldNotContain("expired");
        (await _factory.FindUserAsync("admin")).AccessFailedCount.ShouldBe(1);
    }

    [Fact]
    public async Task SignIn_WithAOneTimePasswordWithinItsValidity_GoesToSetPassword()
    {
        await _factory.PrepareAdminAsync(OneTimePassword, oneTime: true, issuedAt: DateTime.UtcNow.AddHours(-23));

        using var response = await SignInAsync(OneTimePassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/Account/SetPassword");
    }
}
