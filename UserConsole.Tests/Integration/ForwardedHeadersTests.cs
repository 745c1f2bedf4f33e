using System.Net;
using Microsoft.EntityFrameworkCore;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>Behind a reverse proxy: X-Forwarded-For is believed from a configured proxy (the session records the
/// forwarded address) and ignored from any other sender. The real app on a loopback port, the test as the proxy.</summary>
public sealed class ForwardedHeadersTests
{
    private const string Forwarded = "203.0.113.7";

    [Fact]
    public async Task SignIn_ThroughAKnownProxy_RecordsTheForwardedAddress() =>
        (await SignInThroughProxyAsync("127.0.0.1")).ShouldBe(Forwarded);

    [Fact]
    public async Task SignIn_FromAnUnknownSender_IgnoresTheHeader() =>
        (await SignInThroughProxyAsync("10.9.9.9")).ShouldBe("127.0.0.1");

    /// <summary>Signs the first admin in (with the printed one-time password) sending X-Forwarded-For; returns the
    /// client address the new session recorded.</summary>
    private static async Task<string?> SignInThroughProxyAsync(string knownProxies)
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["UserConsole:DemoData"] = "false",
            ["Security:KnownProxies"] = knownProxies,
        });
        try
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Forwarded-For", Forwarded);
            using var response = await FormPost.SubmitAsync(http, "/Account/Login", "sign-in", new Dictionary<string, string>
            {
                ["Input.UserNameOrEmail"] = "admin",
                ["Input.Password"] = app.AdminOneTimePassword,
            });
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the sign-in works behind the proxy");
            response.Headers.Location!.OriginalString.ShouldContain("/Account/SetPassword");

            await using var database = await DomainTestContext.AttachAsync(app.DatabasePath);
            await using var db = await database.DbAsync();
            return (await db.Sessions.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).ClientAddress;
        }
        finally
        {
            await app.StopAsync();
            app.DeleteData();
        }
    }
}
