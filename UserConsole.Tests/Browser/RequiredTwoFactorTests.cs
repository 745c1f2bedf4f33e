using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>"Require two-factor authentication" on a role: its new holder sets up an authenticator right after the
/// password, and reaches nothing else (the home page included) until then.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class RequiredTwoFactorTests(AdminReadyFixture fixture) : IClassFixture<AdminReadyFixture>
{
    [GeneratedRegex("/Account/SetUpTwoFactor$")]
    private static partial Regex SetUpPage();

    [Fact]
    public async Task ARoleRequiringTwoFactor_SendsItsNewHolderToTheSetup_BeforeTheHomePage()
    {
        // The admin creates a role that requires two-factor authentication.
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", TestPasswords.Strong);
        await admin.GotoAsync("/users?tab=roles");
        await admin.WaitForInteractiveAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user role", Exact = true }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog, new() { Name = "Create user role" });
        await dialog.GetByLabel("Role name").FillAsync("Auditors");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Run schedules", Exact = true }).CheckAsync();
        var requireTwoFactor = dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Require two-factor authentication" });
        await requireTwoFactor.CheckAsync();
        await Assertions.Expect(requireTwoFactor).ToBeCheckedAsync();
        await admin.AssertAccessibleAsync("the role dialog with Require two-factor authentication");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Role 'Auditors' created")).ToBeVisibleAsync();

        // Rita is given the role (arranged in the app's database) and signs in with her password.
        await using (var database = await fixture.AttachDatabaseAsync())
        {
            await using var db = await database.DbAsync();
            var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleAsync(r => r.Name == "Auditors", TestContext.Current.CancellationToken);
            role.RequiresTwoFactor.ShouldBeTrue();
            await database.CreateUserAsync("rita", role);
        }

        // The users list finds her as "2FA required, not set up".
        await admin.GotoAsync("/users");
        await admin.WaitForInteractiveAsync();
        await admin.GetByLabel("Filter by 2FA").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "2FA required, not set up" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "rita", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "admin", Exact = true })).ToHaveCountAsync(0);

        var rita = await fixture.NewPageAsync();
        await rita.SignInAsync("rita", TestPasswords.Strong);
        await Assertions.Expect(rita).ToHaveURLAsync(SetUpPage());
        await Assertions.Expect(rita.GetByRole(AriaRole.Heading, new() { Name = "Set up two-factor authentication" })).ToBeVisibleAsync();
        await rita.AssertAccessibleAsync("the required two-factor setup page");

        // Nothing else is reachable: the home page and another page send her back here.
        foreach (var path in new[] { "/", "/schedules", "/profile" })
        {
            await rita.GotoAsync(path);
            await Assertions.Expect(rita).ToHaveURLAsync(SetUpPage());
        }

        // A wrong code is said at the field; the code of her authenticator app turns it on and opens the home page.
        var secret = (await rita.GetByLabel("Setup key", new() { Exact = true }).InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await rita.GetByLabel("Verification code").FillAsync("000000" == new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp() ? "111111" : "000000");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await Assertions.Expect(rita.GetByText("That code is not right", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(rita).ToHaveURLAsync(SetUpPage());
        var shownAgain = (await rita.GetByLabel("Setup key", new() { Exact = true }).InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        shownAgain.ShouldBe(secret);

        await rita.GetByLabel("Verification code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp());
        await rita.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await rita.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
        await rita.WaitForInteractiveAsync();
        await Assertions.Expect(rita.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })).ToBeVisibleAsync();
        (await rita.ContentAsync()).ShouldNotContain(secret);
    }
}
