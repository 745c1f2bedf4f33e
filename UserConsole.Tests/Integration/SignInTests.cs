using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

public sealed class SignInTests : IAsyncLifetime
{
    private const string AdminPassword = TestPasswords.Strong;
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(AdminPassword);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string name, string password) =>
        FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = name,
            ["Input.Password"] = password,
        });

    [Fact]
    public async Task GetUsers_WhenAnonymous_RedirectsToSignIn()
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri("/users", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
        response.Headers.Location!.ToString().ShouldContain("ReturnUrl=%2Fusers");
    }

    [Fact]
    public async Task GetHealth_WhenDatabaseIsUp_IsHealthy()
    {
        using var client = NewClient();

        var body = await client.GetStringAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        body.ShouldBe("Healthy");
    }

    [Fact]
    public async Task SignIn_WithRightPassword_RedirectsHomeAndOpensPages()
    {
        using var client = NewClient();

        using var response = await PostSignInAsync(client, _admin, AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/");
        using var users = await client.GetAsync(new Uri("/users", UriKind.Relative), TestContext.Current.CancellationToken);
        users.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_WithEmail_Works()
    {
        using var client = NewClient();

        using var response = await PostSignInAsync(client, "ADMIN@localhost", AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/");
    }

    [Fact]
    public async Task SignIn_WithWrongPasswordOrUnknownUser_ShowsTheSameGenericMessage()
    {
        using var client = NewClient();

        using var wrong = await PostSignInAsync(client, _admin, "not the password at all");
        using var unknown = await PostSignInAsync(client, "nobody-here", "not the password at all");

        var wrongBody = await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var unknownBody = await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        wrongBody.ShouldContain("Sign-in failed. Check your username and password.");
        unknownBody.ShouldContain("Sign-in failed. Check your username and password.");
    }

    [Fact]
    public async Task SignIn_SixWrongPasswords_LocksTheAccountAndRefusesTheRightOneWithTheSameMessage()
    {
        using var client = NewClient();

        for (var i = 0; i < 6; i++)
        {
            using var _ = await PostSignInAsync(client, _admin, $"wrong password {i}");
        }

        var admin = await _factory.FindUserAsync(_admin);
        admin.LockoutEnd.ShouldNotBeNull();
        admin.LockoutEnd.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(14));
        using var right = await PostSignInAsync(client, _admin, AdminPassword);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Sign-in failed. Check your username and password.");
    }

    [Fact]
    public async Task Session_WhenTheSecurityStampChanges_IsRefusedAtTheNextRequest_WithTheReason()
    {
        using var client = NewClient();
        using (var signIn = await PostSignInAsync(client, _admin, AdminPassword))
        {
            signIn.Headers.Location!.AbsolutePath.ShouldBe("/");
        }

        using (var before = await client.GetAsync(new Uri("/users", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await _factory.RotateSecurityStampAsync(_admin);
        using var after = await client.GetAsync(new Uri("/users", UriKind.Relative), TestContext.Current.CancellationToken);

        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/Account/Login");
        after.Headers.Location!.ToString().ShouldContain("reason=session-ended");
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = NewClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserNameOrEmail"] = _admin,
            ["Input.Password"] = AdminPassword,
        });

        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
