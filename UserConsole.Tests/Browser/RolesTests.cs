using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RolesTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    [Fact]
    public async Task Admin_CreatesOperatorRoleInTheMatrix_ItsHolderSeesOnlySchedules_AndRolesInUseOrBuiltInAreKept()
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", fixture.App.AdminOneTimePassword);
        await admin.SetOwnPasswordAsync(TestPasswords.Strong);

        // Current user roles: the built-in role alone.
        await admin.GotoAsync("/users?tab=roles");
        await admin.WaitForInteractiveAsync();
        var administratorRow = admin.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "Administrator" });
        await Assertions.Expect(administratorRow).ToContainTextAsync("Built-in");
        await admin.AssertAccessibleAsync("the Current user roles tab");

        // Create user role: the matrix, operated from the keyboard.
        await admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create user role", Exact = true }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Create user role" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("0 of 32 permissions")).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("the permissions matrix modal");

        await dialog.GetByLabel("Role name").FillAsync("Operator");
        var run = dialog.GetByRole(AriaRole.Checkbox, new LocatorGetByRoleOptions { Name = "Run schedules", Exact = true });
        await run.FocusAsync();
        await admin.Keyboard.PressAsync("Space");
        await Assertions.Expect(run).ToBeCheckedAsync();
        var viewSchedules = dialog.GetByRole(AriaRole.Checkbox, new LocatorGetByRoleOptions { Name = "View schedules page", Exact = true });
        await Assertions.Expect(viewSchedules).ToBeCheckedAsync();
        await Assertions.Expect(viewSchedules).ToBeDisabledAsync();
        await Assertions.Expect(dialog.GetByText("2 of 32 permissions")).ToBeVisibleAsync();

        // The tooltip names the key and why the page box is locked.
        await viewSchedules.Locator("xpath=..").HoverAsync();
        var tooltip = admin.Locator(".mud-tooltip").Filter(new LocatorFilterOptions { HasText = "view_schedules_page" });
        await Assertions.Expect(tooltip.GetByText("Needed by Run schedules", new LocatorGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(tooltip.Locator(".mono")).ToHaveTextAsync("view_schedules_page");

        // The filter narrows the rows.
        await dialog.GetByLabel("Filter permissions").FillAsync("restore");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(1);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Rowheader)).ToContainTextAsync("Points");
        await dialog.GetByLabel("Filter permissions").FillAsync("");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(11);

        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Role 'Operator' created")).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        var operatorRow = admin.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "Operator" });
        await Assertions.Expect(operatorRow).ToContainTextAsync("2 of 32");

        // A user holding Operator : arranged in the app's database, not through the Create user dialog.
        await using (var database = await fixture.AttachDatabaseAsync())
        {
            await using var db = await database.DbAsync();
            var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleAsync(r => r.Name == "Operator", TestContext.Current.CancellationToken);
            role.PermissionKeys.ShouldBe(["view_schedules_page", "run_schedule"], ignoreOrder: true);
            await database.CreateUserAsync("olivia", role);
        }

        var olivia = await fixture.NewPageAsync();
        await olivia.SignInAsync("olivia", TestPasswords.Strong);
        await olivia.WaitForInteractiveAsync();
        var navigation = olivia.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main navigation" });
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Schedules" })).ToBeVisibleAsync();
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Users" })).ToHaveCountAsync(0);

        // The built-in role opens read-only, with the reason.
        await admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "View role Administrator" }).ClickAsync();
        var builtIn = admin.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Role 'Administrator'" });
        await Assertions.Expect(builtIn.GetByText("The first admin role always has every permission and cannot be changed or deleted")).ToBeVisibleAsync();
        await Assertions.Expect(builtIn.GetByText("32 of 32 permissions")).ToBeVisibleAsync();
        await Assertions.Expect(builtIn.GetByRole(AriaRole.Checkbox, new LocatorGetByRoleOptions { Name = "Disaster recovery restore" })).ToBeDisabledAsync();
        await admin.AssertAccessibleAsync("the read-only first admin role");
        await builtIn.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Close", Exact = true }).ClickAsync();
        await Assertions.Expect(builtIn).ToBeHiddenAsync();

        // Deleting a role in use, or the built-in role, is refused in the service's words.
        await admin.ReloadAsync();
        await admin.WaitForInteractiveAsync();
        await Assertions.Expect(operatorRow).ToContainTextAsync("1 user");
        await admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete role Operator" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Role 'Operator' is assigned to 1 user")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete role Administrator" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("The first admin role cannot be deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(operatorRow).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("the Current user roles tab with refusals shown");
    }
}
