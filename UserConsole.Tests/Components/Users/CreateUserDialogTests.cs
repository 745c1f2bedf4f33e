using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using UserConsole.App.Components.Users;
using UserConsole.Domain.Access;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Components.Users;

public sealed class CreateUserDialogTests : UserConsoleTestContext
{
    private User _admin = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Domain.BootstrapAsync();
        var viewer = await Domain.CreateRoleAsync("Viewer", Permissions.ViewUsersPage);
        await Domain.CreateUserAsync("taken", viewer);
        await Domain.CreateServerAsync("web-01");
        SignIn(_admin, Permissions.AllKeys);
        _dialogs = RenderMudProviders();
    }

    private async Task<IDialogReference> OpenAsync()
    {
        var service = Services.GetRequiredService<IDialogService>();
        var reference = await _dialogs.InvokeAsync(() => service.ShowAsync<CreateUserDialog>("Create user"));
        _dialogs.WaitForAssertion(() => _dialogs.InputByLabel("Username"), TimeSpan.FromSeconds(5));
        return reference;
    }

    [Fact]
    public async Task Username_AsYouType_ShowsTheRuleAtTheField()
    {
        await OpenAsync();

        _dialogs.InputByLabel("Username").Input("a");

        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Username").ShouldBe("Use 3 to 32 characters."));
        _dialogs.InputByLabel("Username").Input("al ice");
        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Username").ShouldStartWith("Use only letters"));
        _dialogs.InputByLabel("Username").Input("alice");
        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Username").ShouldBeEmpty());
    }

    [Fact]
    public async Task Email_AsYouType_ShowsTheRuleAtTheField()
    {
        await OpenAsync();

        _dialogs.InputByLabel("Email").Input("alice@");

        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Email").ShouldBe("Enter a valid email address, like name@example.com."));
    }

    [Fact]
    public async Task Submit_WhenTheServiceRefusesTheUsername_ShowsItsMessageAtTheUsernameField()
    {
        await OpenAsync();
        _dialogs.InputByLabel("Username").Input("TAKEN");
        _dialogs.InputByLabel("Email").Input("fresh@example.test");
        Choose(_dialogs, "Role", "Viewer");

        _dialogs.Find("form").Submit();

        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Username").ShouldBe("Username 'TAKEN' is already taken"), TimeSpan.FromSeconds(5));
        _dialogs.Markup.ShouldNotContain("One-time password");
    }

    [Fact]
    public async Task Submit_WhenValid_ShowsThePasswordOnce_AndItIsGoneAfterDone()
    {
        var reference = await OpenAsync();
        _dialogs.InputByLabel("Username").Input("alice");
        _dialogs.InputByLabel("Email").Input("alice@example.test");
        Choose(_dialogs, "Role", "Viewer");

        _dialogs.Find("form").Submit();

        _dialogs.WaitForAssertion(() => _dialogs.Markup.ShouldContain("This password will not be shown again"), TimeSpan.FromSeconds(5));
        var password = _dialogs.InputByLabel("One-time password").GetAttribute("value");
        password.ShouldNotBeNullOrEmpty();
        password.Length.ShouldBeGreaterThanOrEqualTo(16);
        _dialogs.ButtonByText("Done").Click();
        _dialogs.WaitForAssertion(() => _dialogs.Markup.ShouldNotContain(password));
        (await reference.Result)!.Canceled.ShouldBeFalse();
    }
}
