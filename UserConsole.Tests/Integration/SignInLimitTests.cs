using System.Net;
using Microsoft.AspNetCore.Http;
using UserConsole.App.Security;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The sign-in limits: per username from every address together, and per client address with IPv6
/// clients counted by their /64.</summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private readonly LimitedFactory _factory = new();

    public async ValueTask InitializeAsync() => await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task SignIn_BeyondThePerUserLimit_IsRefused_EvenWithTheRightPassword_AndOtherNamesGoOn()
    {
        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var browser = new SessionClient(_factory); // a new client each time: as many browsers as attempts
            using var response = await browser.SignInAsync("admin", i < 2 ? $"wrong {i}" : TestPasswords.Strong);
            answers.Add(response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) : "redirect");
        }

        answers[2].ShouldContain(SignInThrottle.RefusedMessage);
        using var other = new SessionClient(_factory);
        using var otherName = await other.SignInAsync("someone", "wrong");
        (await otherName.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain(SignInThrottle.RefusedMessage);
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    public void RateLimitKey_CountsIpv6ClientsByTheirSlash64(string address, string key)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        ClientAddress.RateLimitKey(context).ShouldBe(key);
    }

    private sealed class LimitedFactory : UserConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Security:SignInPerUserPermitLimit"] = "2",
            ["Security:SignInWindowSeconds"] = "600",
        };
    }
}
