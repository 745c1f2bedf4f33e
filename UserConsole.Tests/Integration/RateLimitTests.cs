using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly LimitedFactory _factory = new();

    public async ValueTask InitializeAsync() => await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task SignInPosts_BeyondThePermitLimit_Get429()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var response = await FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
            {
                ["Input.UserNameOrEmail"] = "admin",
                ["Input.Password"] = $"wrong {i}",
            });
            statuses.Add(response.StatusCode);
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses[3].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private sealed class LimitedFactory : UserConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Security:SignInPermitLimit"] = "3",
            ["Security:SignInWindowSeconds"] = "600",
        };
    }
}
