using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class ProfileTwoFactorTests(AdminReadyFixture fixture) : IClassFixture<AdminReadyFixture>
{
    private const string Password = TestPasswords.Strong;

    private static string CodeAt(string secret, DateTime time) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(time);

    /// <summary>A user with the default test password and a role of their own holding <paramref name="permissions"/>.</summary>
    private static async Task<User> CreateUserAsync(DomainTestContext database, string userName, params string[] permissions) =>
        await database.CreateUserAsync(userName, await database.CreateRoleAsync($"{userName} role", permissions));

    private static async Task SignOutAsync(IPage page, string userName)
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Account menu of {userName}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login?reason=signed-out");
    }

    private static async Task EnterCodeAsync(IPage page, string code)
    {
        await page.GetByLabel("Authentication code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    [Fact]
    public async Task User_EnrolsWithThePrintedKey_SignsInWithACode_ReplayIsRefused_AndAfterAnAdminDisablesItNoCodeIsAsked()
    {
        await using var database = await fixture.AttachDatabaseAsync();
        var dana = await CreateUserAsync(database, "dana", Permissions.ViewMonitorPage);
        var page = await fixture.NewPageAsync();

        // Profile, from the account menu.
        await page.SignInAsync("dana", Password);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Account menu of dana" }).ClickAsync();
        await page.GetByText("Profile", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/profile");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Profile", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Managed by an administrator.")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the profile page");

        // Enrol by reading the printed key, as a person typing it into an authenticator app would.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Enable Two-Factor Authentication" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new PageGetByRoleOptions { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
        var printed = await page.GetByLabel("Setup key", new PageGetByLabelOptions { Exact = true }).InnerTextAsync();
        printed.ShouldMatch("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$");
        var secret = printed.Replace(" ", "", StringComparison.Ordinal);
        await page.AssertAccessibleAsync("the profile page during the 2FA setup");
        await page.GetByLabel("Verification code").FillAsync(CodeAt(secret, DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify and turn on" }).ClickAsync();

        // The session goes on (renewed through /Account/RefreshSignIn); the page says what happened.
        await Assertions.Expect(page.GetByText("Two-factor authentication is on. Your other sessions were signed out.")).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "I have saved my recovery codes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Disable 2FA" })).ToBeVisibleAsync();
        page.Url.ShouldEndWith("/profile");
        await using (var db = await database.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == dana.Id)).TwoFactorEnabled.ShouldBeTrue();
        }

        await SignOutAsync(page, "dana");

        // Password, then a code of a later step than the one used to enrol.
        await page.SignInAsync("dana", Password);
        await Assertions.Expect(page).ToHaveURLAsync(TwoFactorPage());
        await page.AssertAccessibleAsync("the two-factor sign-in page");
        var code = CodeAt(secret, DateTime.UtcNow.AddSeconds(30));
        await EnterCodeAsync(page, code);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, dana" })).ToBeVisibleAsync();
        await SignOutAsync(page, "dana");

        // The same code again is refused.
        await page.SignInAsync("dana", Password);
        await Assertions.Expect(page).ToHaveURLAsync(TwoFactorPage());
        await EnterCodeAsync(page, code);
        await Assertions.Expect(page.GetByText("Sign-in failed. Check the code in your authenticator app.")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the two-factor sign-in page with an error");

        // An administrator turns dana's 2FA off from her Edit page.
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", Password);
        await admin.GotoAsync($"/users/{dana.Id}");
        await admin.WaitForInteractiveAsync();
        await Assertions.Expect(admin.GetByText("2FA on", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Disable 2FA" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Disable 2FA" }).ClickAsync();
        await admin.ConfirmItsYouAsync(Password);
        await Assertions.Expect(admin.GetByText("2FA disabled for 'dana'")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("2FA off", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Disable 2FA" })).ToHaveCountAsync(0);
        await using (var db = await database.DbAsync())
        {
            var stored = await db.Users.SingleAsync(u => u.Id == dana.Id);
            stored.TwoFactorEnabled.ShouldBeFalse();
            stored.ProtectedTotpSecret.ShouldBeNull();
        }

        // The next sign-in asks for no code.
        await page.SignInAsync("dana", Password);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, dana" })).ToBeVisibleAsync();
        page.Url.ShouldNotContain("LoginWith2fa");
    }

    [Fact]
    public async Task User_EditsDetailsAndChangesPassword_ErrorsShowAtTheirFields_ThisSessionStaysAndTheOtherEnds()
    {
        await using var database = await fixture.AttachDatabaseAsync();
        await CreateUserAsync(database, "erin", Permissions.ViewMonitorPage, Permissions.EmailNotifications);
        await CreateUserAsync(database, "frank", Permissions.ViewMonitorPage);
        var elsewhere = await fixture.NewPageAsync();
        await elsewhere.SignInAsync("erin", Password);
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("erin", Password);
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();

        // Another user's email, in other case: refused at the field.
        var email = page.GetByLabel("Email", new PageGetByLabelOptions { Exact = true });
        await email.FillAsync("FRANK@example.test");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This email is already used by another account.")).ToBeVisibleAsync();
        await email.FillAsync("erin.e@example.test");
        await page.GetByLabel("Full name").FillAsync("Erin Example");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your account details were saved.")).ToBeVisibleAsync();

        // Notifications are offered with the permission.
        await page.GetByText("Backup Errors", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByText("72 h", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save notifications" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your notification choices were saved.")).ToBeVisibleAsync();

        // A wrong current password is refused at its field; the strength meter follows the typing.
        await page.GetByLabel("Current password").FillAsync("not my password at all");
        await page.GetByLabel("New password", new PageGetByLabelOptions { Exact = true }).FillAsync(TestPasswords.OtherStrong);
        await Assertions.Expect(page.GetByText(new Regex("^Strength: (Strong|Very strong)$"))).ToBeVisibleAsync();
        await page.GetByLabel("Repeat new password").FillAsync(TestPasswords.OtherStrong);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your current password is not right.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });
        await page.AssertAccessibleAsync("the profile page with field errors");

        await page.GetByLabel("Current password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your password was changed. Your other sessions were signed out.")).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByLabel("Full name")).ToHaveValueAsync("Erin Example");

        // This browser stays signed in; the other session has ended.
        await page.GotoAsync("/monitor");
        page.Url.ShouldEndWith("/monitor");
        await elsewhere.GotoAsync("/monitor");
        elsewhere.Url.ShouldContain("/Account/Login");
    }

    [GeneratedRegex("/Account/LoginWith2fa")]
    private static partial Regex TwoFactorPage();
}
