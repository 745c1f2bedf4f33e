using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The Blazor hub talks only to the app's own pages: a WebSocket from another Origin is refused before the
/// upgrade.</summary>
public sealed class HubOriginTests : IAsyncLifetime
{
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(TestPasswords.Strong);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task WebSocket_WithAForeignOrigin_Gets403()
    {
        var (cookie, token) = await NegotiateAsync();
        var client = _factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers.Origin = "http://evil.example";
            request.Headers.Cookie = cookie;
        };

        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            client.ConnectAsync(new Uri($"ws://localhost/_blazor?id={token}"), TestContext.Current.CancellationToken));

        refused.Message.ShouldContain("403");
    }

    [Fact]
    public async Task WebSocket_WithTheAppsOrigin_Gets101()
    {
        var (cookie, token) = await NegotiateAsync();
        var client = _factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers.Origin = "http://localhost";
            request.Headers.Cookie = cookie;
        };

        using var socket = await client.ConnectAsync(new Uri($"ws://localhost/_blazor?id={token}"), TestContext.Current.CancellationToken);

        socket.State.ShouldBe(WebSocketState.Open); // the handshake answered 101 Switching Protocols
    }

    [Fact]
    public async Task Negotiate_WithAForeignOrigin_Gets403()
    {
        using var browser = new SessionClient(_factory);
        await browser.SignInAsync(_admin, TestPasswords.Strong);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Signs in and negotiates a hub connection as the app's page does; returns the cookie and the token.</summary>
    private async Task<(string Cookie, string Token)> NegotiateAsync()
    {
        using var browser = new SessionClient(_factory);
        await browser.SignInAsync(_admin, TestPasswords.Strong);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "http://localhost");
        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (browser.CookieHeader, json.RootElement.GetProperty("connectionToken").GetString()!);
    }
}
