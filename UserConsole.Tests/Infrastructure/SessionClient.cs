using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace UserConsole.Tests.Infrastructure;

/// <summary>A browser stand-in over the in-memory app: its own cookie jar (so that a test can copy the session
/// cookie into another client), redirects not followed.</summary>
public sealed partial class SessionClient : IDisposable
{
    public const string SessionCookie = "UserConsole.Session";

    private readonly CookieContainer _cookies = new();

    public SessionClient(UserConsoleFactory factory, Uri? baseAddress = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        BaseAddress = baseAddress ?? new Uri("http://localhost");
        Http = factory.CreateDefaultClient(BaseAddress, new CookieContainerHandler(_cookies));
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The Cookie header this client sends (to copy it elsewhere).</summary>
    public string CookieHeader => _cookies.GetCookieHeader(BaseAddress);

    public string? SessionCookieValue(string name = SessionCookie) => _cookies.GetCookies(BaseAddress)[name]?.Value;

    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string? returnQuery = null) =>
        await FormPost.SubmitAsync(Http, "/Account/Login" + returnQuery, "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = name,
            ["Input.Password"] = password,
        });

    /// <summary>Signs out as the account menu's form does: POST /Account/Logout with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> SignOutAsync(bool withToken = true)
    {
        var page = await Http.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var fields = new List<KeyValuePair<string, string>>();
        if (withToken)
        {
            fields.Add(new("__RequestVerificationToken", AntiforgeryToken().Match(page).Groups[1].Value));
        }

        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(new Uri("/Account/Logout", UriKind.Relative), content);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
