using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class UsersTests(AdminReadyFixture fixture) : IClassFixture<AdminReadyFixture>
{
    [Fact]
    public async Task Admin_CreatesAlice_WhoSeesOnlyHerRole_ThenResetsHerPasswordAfterConfirmingItsThem()
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", TestPasswords.Strong);
        await admin.GotoAsync("/users");
        await admin.WaitForInteractiveAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "admin", Exact = true })).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("the users page");

        // Create user: messages appear at the field as you type.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Username")).ToBeVisibleAsync();
        await dialog.GetByLabel("Username").FillAsync("a");
        await Assertions.Expect(dialog.GetByText("Use 3 to 32 characters.")).ToBeVisibleAsync();
        await dialog.GetByLabel("Username").FillAsync("alice");
        await Assertions.Expect(dialog.GetByText("Use 3 to 32 characters.")).ToBeHiddenAsync();
        await dialog.GetByLabel("Email").FillAsync("alice@example.test");
        await PickAsync(admin, dialog.GetByLabel("Role"), "Operator");
        await AddServerAsync(admin, dialog.GetByLabel("Production servers", new() { Exact = true }), "web-01");
        await AddServerAsync(admin, dialog.GetByLabel("Production servers", new() { Exact = true }), "db-01");
        await dialog.GetByLabel("Full name").FillAsync("Alice Liddell");
        await admin.AssertAccessibleAsync("the Create user dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        // The password is shown once, copyable.
        var passwordField = dialog.GetByLabel("One-time password");
        await Assertions.Expect(passwordField).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("This password will not be shown again", new() { Exact = false })).ToBeVisibleAsync();
        var password = await passwordField.InputValueAsync();
        password.Length.ShouldBeGreaterThanOrEqualTo(16);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Password copied to the clipboard")).ToBeVisibleAsync();
        (await admin.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var aliceRow = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "alice@example.test" });
        await Assertions.Expect(aliceRow).ToContainTextAsync("2 servers · All storages");
        await Assertions.Expect(aliceRow).ToContainTextAsync("Operator");

        // Alice signs in with it, sets her own password and sees only what her role allows.
        var alice = await fixture.NewPageAsync();
        await alice.SignInAsync("alice", password);
        await alice.SetOwnPasswordAsync(TestPasswords.OtherStrong);
        await alice.WaitForInteractiveAsync();
        var navigation = alice.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        (await navigation.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(l => l.Trim()).ShouldBe(["Home", "Schedules"]);
        await alice.GotoAsync("/users");
        await Assertions.Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "You don't have access to this page" })).ToBeVisibleAsync();
        await Assertions.Expect(alice.GetByText("view_users_page")).ToBeVisibleAsync();

        // The admin resets her password from the Edit page; the old one stops working.
        await aliceRow.GetByRole(AriaRole.Link, new() { Name = "alice" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Edit user alice" })).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("the Edit page");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();

        // Resetting a password is sensitive: "Confirm it's you" asks for the admin's password first. A wrong one is
        // said at the field and resets nothing; the right one carries on with the reset.
        var confirmDialog = admin.GetByRole(AriaRole.Dialog, new() { Name = "Confirm it's you" });
        await Assertions.Expect(confirmDialog).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("the Confirm it's you dialog");
        await (await admin.FillConfirmItsYouAsync("not the admin password")).ClickAsync();
        await Assertions.Expect(confirmDialog.GetByText("That password is not right.")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("Password reset for 'alice'")).ToHaveCountAsync(0);
        await admin.ConfirmItsYouAsync(TestPasswords.Strong);
        var resetField = admin.GetByRole(AriaRole.Dialog).GetByLabel("One-time password");
        await Assertions.Expect(resetField).ToBeVisibleAsync();
        var newPassword = await resetField.InputValueAsync();
        newPassword.ShouldNotBe(password);
        await Assertions.Expect(admin.GetByText("Password reset for 'alice'")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        // The activity log shows what happened, the password never.
        await admin.GotoAsync("/activity");
        await admin.WaitForInteractiveAsync();
        var created = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "user.create" }).Filter(new() { HasText = "alice" });
        await Assertions.Expect(created).ToContainTextAsync("Succeeded");
        await Assertions.Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "user.reset_password" })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "session.reauthenticate" })).ToHaveCountAsync(2);
        (await admin.ContentAsync()).ShouldNotContain("not the admin password");
        (await admin.ContentAsync()).ShouldNotContain(newPassword);
        await admin.AssertAccessibleAsync("the activity page");

        var again = await fixture.NewPageAsync();
        await again.SignInAsync("alice", TestPasswords.OtherStrong);
        await Assertions.Expect(again.GetByText("Sign-in failed. Check your username and password.")).ToBeVisibleAsync();
        await again.SignInAsync("alice", newPassword);
        await Assertions.Expect(again).ToHaveURLAsync(SetPasswordUrl());
    }

    [Fact]
    public async Task Admin_DeletingTheirOwnAccountFromTheRowMenu_IsRefusedWithTheReason()
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", TestPasswords.Strong);
        await admin.GotoAsync("/users");
        await admin.WaitForInteractiveAsync();

        // The row menu reads the domain's capability: Delete is there, disabled, with the reason beside it.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Actions for admin" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" })).ToBeDisabledAsync();

        await Assertions.Expect(admin.GetByText("You cannot delete your own account.")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "admin", Exact = true })).ToBeVisibleAsync();
    }

    private static async Task PickAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    private static async Task AddServerAsync(IPage page, ILocator picker, string server)
    {
        await picker.FillAsync(server[..3]);
        await page.GetByRole(AriaRole.Option, new() { Name = server, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Remove {server}" })).ToBeVisibleAsync();
    }

    [GeneratedRegex("/Account/SetPassword$")]
    private static partial Regex SetPasswordUrl();
}
