using System.Net;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>After sign-in the browser returns only to a local address, by the framework's IsLocalUrl rule.</summary>
public sealed class ReturnUrlTests : IAsyncLifetime
{
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    // The query as a crafted link carries it: %2F%2F is "//", %5C a backslash, %09 a tab.
    [Theory]
    [InlineData("%2F%2Fevil.example", "/")]
    [InlineData("%2F%5Cevil.example", "/")]
    [InlineData("/%09/evil.example", "/")]
    [InlineData("https%3A%2F%2Fevil.example", "/")]
    [InlineData("%2Fusers%3Ftab%3Droles", "/users?tab=roles")]
    public async Task SignIn_WithAReturnUrl_GoesThereOnlyWhenItIsLocal(string returnUrl, string expected)
    {
        using var browser = new SessionClient(_factory);

        using var response = await browser.SignInAsync(_admin, TestPasswords.Strong, $"?ReturnUrl={returnUrl}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.IsAbsoluteUri.ShouldBeTrue();
        response.Headers.Location.Host.ShouldBe("localhost");
        response.Headers.Location.PathAndQuery.ShouldBe(expected);
    }
}
