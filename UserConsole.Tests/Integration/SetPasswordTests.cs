using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The static "Set your password" form shows the domain's refusals where a person looks for them.</summary>
public sealed class SetPasswordTests : IAsyncLifetime
{
    private const string OneTimePassword = "K7mQ2xR9vT4wZ8pL";
    private readonly UserConsoleFactory _factory = new();
    private string _admin = "";

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(OneTimePassword, oneTime: true);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task SetPassword_WhenTheRepeatDiffers_ShowsTheRefusalAtTheRepeatField()
    {
        using var client = await SignInWithTheOneTimePasswordAsync();

        using var response = await SetAsync(client, TestPasswords.Strong, TestPasswords.OtherStrong);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(response);
        FieldError(page, "repeat-password").ShouldBe("The passwords do not match.");
        FieldError(page, "new-password").ShouldBe("");
        page.QuerySelector("[role=alert]").ShouldBeNull();
    }

    [Fact]
    public async Task SetPassword_WhenThePasswordIsCommon_ShowsTheRefusalAtTheNewPasswordField()
    {
        using var client = await SignInWithTheOneTimePasswordAsync();
        const string weak = "password1234";

        using var response = await SetAsync(client, weak, weak);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(response);
        FieldError(page, "new-password").ShouldNotBe("");
        FieldError(page, "repeat-password").ShouldBe("");
        page.QuerySelector("[role=alert]").ShouldBeNull();
    }

    private async Task<HttpClient> SignInWithTheOneTimePasswordAsync()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var signIn = await FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = _admin,
            ["Input.Password"] = OneTimePassword,
        });
        signIn.Headers.Location!.AbsolutePath.ShouldBe("/Account/SetPassword");
        return client;
    }

    private static Task<HttpResponseMessage> SetAsync(HttpClient client, string password, string repeat) =>
        FormPost.SubmitAsync(client, "/Account/SetPassword", "set-password", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.RepeatPassword"] = repeat,
        });

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    /// <summary>The validation message under the input with <paramref name="inputId"/> ("" when none).</summary>
    private static string FieldError(AngleSharp.Html.Dom.IHtmlDocument page, string inputId)
    {
        var field = page.GetElementById(inputId)?.Closest(".account-field")
            ?? throw new InvalidOperationException($"No field '{inputId}' in:\n{page.DocumentElement.OuterHtml}");
        return field.QuerySelector(".account-field-error")?.TextContent.Trim() ?? "";
    }
}
