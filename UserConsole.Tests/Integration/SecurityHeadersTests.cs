using System.Net;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>Every response carries the security headers: the sign-in page, app pages and static assets alike.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/Account/Login", false)]
    [InlineData("/", true)]
    [InlineData("/users", true)]
    [InlineData("/favicon.png", false)]
    [InlineData("/js/session-activity.js", false)]
    public async Task Response_CarriesTheSecurityHeaders(string path, bool signedIn)
    {
        using var browser = new SessionClient(_factory);
        if (signedIn)
        {
            await browser.SignInAsync(_admin, TestPasswords.Strong);
        }

        using var response = await browser.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = Header(response, "Content-Security-Policy");
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("script-src 'self';");
        csp.ShouldNotContain("unsafe-eval");
        csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)).ShouldNotContain("unsafe-inline");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("base-uri 'self'");
        csp.ShouldContain("form-action 'self'");
        csp.ShouldContain("connect-src 'self'");
        csp.ShouldContain("object-src 'none'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Referrer-Policy").ShouldBe("same-origin");
        Header(response, "Permissions-Policy").ShouldContain("camera=()");
        Header(response, "Cross-Origin-Opener-Policy").ShouldBe("same-origin");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse("HSTS only over HTTPS");
    }

    [Fact]
    public async Task ResponseOverHttps_AddsHsts()
    {
        // Not "localhost": browsers ignore HSTS for it, and the middleware does not send it there.
        using var browser = new SessionClient(_factory, new Uri("https://console.example.test"));

        using var response = await browser.GetAsync("/Account/Login");

        Header(response, "Strict-Transport-Security").ShouldContain("max-age=31536000");
    }

    [Fact]
    public async Task SignInPage_HasNoInlineScript()
    {
        using var browser = new SessionClient(_factory);

        var page = await (await browser.GetAsync("/Account/Login")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        System.Text.RegularExpressions.Regex.Matches(page, "<script(?![^>]*\\bsrc=)[^>]*>").ShouldBeEmpty();
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new ShouldAssertException($"{response.RequestMessage?.RequestUri} has no {name} header");
}
