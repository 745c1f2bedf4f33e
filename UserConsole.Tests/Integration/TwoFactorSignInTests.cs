using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Profile;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The second sign-in form through Identity's SignInManager: the code is checked by the domain (accepted
/// once) and wrong codes count toward the same lockout as wrong passwords.</summary>
public sealed class TwoFactorSignInTests : IAsyncLifetime
{
    private const string Password = TestPasswords.Strong;
    private const string Failed = "Sign-in failed. Check the code in your authenticator app.";
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";
    private string _secret = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _factory.PrepareAdminAsync(Password);
        var admin = await _factory.FindUserAsync(_admin);
        using var scope = _factory.Services.CreateScope();
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
        var enrollment = (await twoFactor.BeginEnrollmentAsync(new ActingUser(admin.Id))).Value;
        _secret = enrollment.Secret;
        (await twoFactor.ConfirmEnrollmentAsync(new ActingUser(admin.Id), _secret, CodeAt(DateTime.UtcNow))).Succeeded.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string CodeAt(DateTime time) => new Totp(Base32Encoding.ToBytes(_secret)).ComputeTotp(time);

    /// <summary>A code of a step after the one accepted at enrolment (one step ahead is within the drift).</summary>
    private string NextCode() => CodeAt(DateTime.UtcNow.AddSeconds(30));

    private static string Wrong(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpResponseMessage> PasswordAsync(HttpClient client) =>
        await FormPost.SubmitAsync(client, "/Account/Login?ReturnUrl=%2Fusers", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = _admin,
            ["Input.Password"] = Password,
        });

    private static Task<HttpResponseMessage> CodeAsync(HttpClient client, string code) =>
        FormPost.SubmitAsync(client, "/Account/LoginWith2fa?ReturnUrl=%2Fusers", "two-factor", new Dictionary<string, string> { ["Input.Code"] = code });

    [Fact]
    public async Task SignIn_WithRightPasswordWhen2faIsOn_AsksForTheCodeAndIsNotSignedInYet()
    {
        using var client = NewClient();

        using var response = await PasswordAsync(client);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/Account/LoginWith2fa");
        using var users = await client.GetAsync(new Uri("/users", UriKind.Relative), Ct);
        users.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        users.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task SignIn_WithRightCode_SignsInAndReturnsToTheAskedPage()
    {
        using var client = NewClient();
        using var _ = await PasswordAsync(client);

        using var response = await CodeAsync(client, NextCode());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/users");
        using var users = await client.GetAsync(new Uri("/users", UriKind.Relative), Ct);
        users.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_WithACodeUsedBefore_IsRefusedWithTheGenericMessage()
    {
        var code = NextCode();
        using (var first = NewClient())
        {
            using var _ = await PasswordAsync(first);
            using var accepted = await CodeAsync(first, code);
            accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var second = NewClient();
        using var __ = await PasswordAsync(second);
        using var replay = await CodeAsync(second, code);

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync(Ct)).ShouldContain(Failed);
    }

    [Fact]
    public async Task SignIn_WrongCodeThenRightCode_SignsIn()
    {
        using var client = NewClient();
        using var _ = await PasswordAsync(client);
        var code = NextCode();

        using var wrong = await CodeAsync(client, Wrong(code));
        using var right = await CodeAsync(client, code);

        (await wrong.Content.ReadAsStringAsync(Ct)).ShouldContain(Failed);
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _factory.FindUserAsync(_admin)).AccessFailedCount.ShouldBe(0);
    }

    [Fact]
    public async Task SignIn_FiveWrongCodes_LockTheAccountAndTheRightCodeIsRefused()
    {
        using var client = NewClient();
        using var _ = await PasswordAsync(client);
        var code = NextCode();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await CodeAsync(client, Wrong(code));
            (await wrong.Content.ReadAsStringAsync(Ct)).ShouldContain(Failed);
        }

        var admin = await _factory.FindUserAsync(_admin);
        admin.LockoutEnd.ShouldNotBeNull();
        admin.LockoutEnd.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(14));
        using var right = await CodeAsync(client, code);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync(Ct)).ShouldContain(Failed);
        (await _factory.FindUserAsync(_admin)).LastTotpStep.ShouldBe(admin.LastTotpStep);
    }

    [Fact]
    public async Task TwoFactorPage_WithoutThePasswordStep_SendsBackToSignIn()
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri("/Account/LoginWith2fa", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login?reason=2fa-timeout");
    }
}
