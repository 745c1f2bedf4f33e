using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Access;
using UserConsole.Domain.Settings;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The Security policy saved on the Settings page is in force for the next sign-in of the running app, no
/// restart: Identity's lockout counts the saved number of wrong attempts, and the per-address limit the saved
/// number of sign-in posts.</summary>
public sealed class SecurityPolicyInForceTests : IAsyncLifetime
{
    private readonly WideOpenFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task SaveAsync(Action<SecurityPolicyInput> change)
    {
        using var scope = _factory.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<SettingsService>();
        var by = new ActingUser((await _factory.FindUserAsync(_admin)).Id);
        var form = (await settings.GetAsync(by)).Value.SecurityPolicy;
        change(form);
        (await settings.SaveSecurityPolicyAsync(by, form)).Error.ShouldBeNull();
    }

    private Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string password) =>
        FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = _admin,
            ["Input.Password"] = password,
        });

    [Fact]
    public async Task ASavedLockout_LocksAfterItsNumberOfWrongPasswords_ForItsMinutes()
    {
        await SaveAsync(p =>
        {
            p.LockoutMaxFailedAttempts = 3;
            p.LockoutMinutes = 90;
        });
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < 2; i++)
        {
            using var _ = await PostSignInAsync(client, $"wrong password {i}");
        }

        (await _factory.FindUserAsync(_admin)).LockoutEnd.ShouldBeNull("two wrong passwords of three");
        using (await PostSignInAsync(client, "wrong password 2"))
        {
        }

        var locked = (await _factory.FindUserAsync(_admin)).LockoutEnd.ShouldNotBeNull();
        locked.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(89));
        locked.ShouldBeLessThan(DateTimeOffset.UtcNow.AddMinutes(91));
    }

    [Fact]
    public async Task ASavedPerAddressLimit_Refuses429BeyondIt()
    {
        await SaveAsync(p => p.SignInPermitLimit = 3);
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var response = await PostSignInAsync(client, $"wrong {i}");
            statuses.Add(response.StatusCode);
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses[3].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    /// <summary>Configuration limits far above the saved ones: whatever refuses here is the saved policy.</summary>
    private sealed class WideOpenFactory : UserConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Security:SignInPermitLimit"] = "1000",
            ["Security:SignInPerUserPermitLimit"] = "1000",
            ["Security:LockoutMaxFailedAttempts"] = "20",
            ["Security:SignInWindowSeconds"] = "600",
        };
    }
}
