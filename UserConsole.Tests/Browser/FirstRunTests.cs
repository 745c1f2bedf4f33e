using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FirstRunTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private static readonly string[] FirstAdminNavigation =
        ["Home", "Monitor", "Servers", "Storages", "Schedules", "Points", "Logs", "Users", "Activity", "Settings"];

    [Fact]
    public async Task FirstAdmin_SignsInWithPrintedPassword_SetsOwnPassword_AndSignsInAgain()
    {
        var page = await fixture.NewPageAsync();
        var printed = fixture.App.AdminOneTimePassword;

        await page.GotoAsync("/Account/Login");
        await page.AssertAccessibleAsync("the sign-in page");
        await page.SignInAsync("admin", printed);

        // Forced to set a password; nothing else is reachable.
        page.Url.ShouldEndWith("/Account/SetPassword");
        await page.AssertAccessibleAsync("the set-password page");
        await page.GotoAsync("/users");
        page.Url.ShouldEndWith("/Account/SetPassword");

        // A weak password is refused at its field.
        await page.GetByLabel("New password", new PageGetByLabelOptions { Exact = true }).FillAsync("password1234");
        await page.GetByLabel("Repeat new password").FillAsync("password1234");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This password is too easy to guess")).ToBeVisibleAsync();

        await page.SetOwnPasswordAsync(TestPasswords.Strong);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, admin" })).ToBeVisibleAsync();
        var navigation = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main navigation" });
        var links = await navigation.GetByRole(AriaRole.Link).AllInnerTextsAsync();
        links.Select(l => l.Trim()).ShouldBe(FirstAdminNavigation);
        await page.AssertAccessibleAsync("the home page");

        // Sign out through the account menu.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Account menu of admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login?reason=signed-out");
        await Assertions.Expect(page.GetByText("You have signed out.")).ToBeVisibleAsync();
        await page.GotoAsync("/users");
        page.Url.ShouldContain("/Account/Login");

        // The printed password no longer works; the new one does.
        await page.SignInAsync("admin", printed);
        await Assertions.Expect(page.GetByText("Sign-in failed. Check your username and password.")).ToBeVisibleAsync();
        await page.SignInAsync("admin", TestPasswords.Strong);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, admin" })).ToBeVisibleAsync();
    }
}
