using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>Access you can see, against the operator of <see cref="BackupBrowserFixture"/> (role Operator, servers
/// ops-a and ops-b, storage ops-store; ops-c exists beside them).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessTests(BackupBrowserFixture fixture) : IClassFixture<BackupBrowserFixture>
{
    private async Task<IPage> SignedInAdminAsync()
    {
        await fixture.WorldAsync();
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("admin", BackupBrowserFixture.Password);
        await page.WaitForInteractiveAsync();
        return page;
    }

    private async Task<Guid> OperatorIdAsync()
    {
        var world = await fixture.WorldAsync();
        await using var database = await DomainTestContext.AttachAsync(world.App.DatabasePath);
        await using var db = await database.DbAsync();
        return await db.Users.Where(u => u.UserName == "operator").Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task EditPage_AccessSection_ShowsAHiddenServerAsNotInScope()
    {
        var id = await OperatorIdAsync();
        var page = await SignedInAdminAsync();
        await page.GotoAsync($"/users/{id}");
        await page.WaitForInteractiveAsync();

        var access = page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Access", Exact = true });
        await Assertions.Expect(access.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "ops-c" })).ToContainTextAsync("Not in scope");
        await Assertions.Expect(access.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "ops-a" })).ToContainTextAsync("In scope");
        await Assertions.Expect(access.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "delete_servers" }))
            .ToContainTextAsync("Role \"Operator\" lacks delete_servers");
        await Assertions.Expect(access.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "run_schedule" }))
            .ToContainTextAsync("Granted by role \"Operator\"");

        // The chain for the hidden server stops at the scope.
        await access.GetByLabel("Server or storage to check").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Server ops-c", Exact = true }).ClickAsync();
        await access.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Explain" }).ClickAsync();
        var chain = access.GetByRole(AriaRole.List, new LocatorGetByRoleOptions { Name = "Access chain for ops-c" });
        await Assertions.Expect(chain).ToContainTextAsync("Holds view_servers_page");
        await Assertions.Expect(chain).ToContainTextAsync("ops-c is not in scope");
        await Assertions.Expect(chain).ToContainTextAsync("Cannot see ops-c: Not in scope");
        await page.AssertAccessibleAsync("the Edit page's Access section");
    }

    [Fact]
    public async Task RoleDialog_BeforeSaving_SaysWhoLosesRunSchedule()
    {
        var page = await SignedInAdminAsync();
        await page.GotoAsync("/users?tab=roles");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Edit role Operator", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Edit role 'Operator'" });
        await dialog.GetByRole(AriaRole.Checkbox, new LocatorGetByRoleOptions { Name = "Run schedules", Exact = true }).UncheckAsync();

        await Assertions.Expect(dialog.GetByText("Saving removes run_schedule from 1 user (operator).")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show the 1 user" }).ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.List, new LocatorGetByRoleOptions { Name = "Users affected" })).ToHaveTextAsync("operator");
        await page.AssertAccessibleAsync("the role dialog with its impact");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel", Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task ReviewAndWhoCanSee_ShowTheOperatorAndWhy_AndAreAccessible()
    {
        var page = await SignedInAdminAsync();
        await page.GotoAsync("/users");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Review access" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        var operatorRow = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "operator" });
        await Assertions.Expect(operatorRow).ToContainTextAsync("2 servers · 1 storage");
        await page.AssertAccessibleAsync("the access review");
        await page.GetByLabel("All servers").CheckAsync();
        await Assertions.Expect(operatorRow).ToHaveCountAsync(0);

        await page.GotoAsync("/servers");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Who can see ops-c?", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Who can see ops-c?" });
        await Assertions.Expect(dialog.GetByRole(AriaRole.List, new LocatorGetByRoleOptions { Name = "Users who cannot see ops-c" }))
            .ToContainTextAsync("operator: Not in scope");
        await Assertions.Expect(dialog.GetByRole(AriaRole.List, new LocatorGetByRoleOptions { Name = "Users who can see ops-c" })).ToContainTextAsync("admin");
        await page.AssertAccessibleAsync("the Who can see dialog");
    }

    [Fact]
    public async Task PreviewAsTheOperator_ShowsOnlyTheirServers_RefusesRunNow_AndExitsBackToTheEditPage()
    {
        var id = await OperatorIdAsync();
        var page = await SignedInAdminAsync();
        await page.GotoAsync($"/users/{id}");
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Preview as operator" }).ClickAsync();
        var bar = page.GetByRole(AriaRole.Status).Filter(new LocatorFilterOptions { HasText = "Previewing as operator" });
        await Assertions.Expect(bar).ToBeVisibleAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main navigation" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Schedules" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Users", Exact = true })).ToHaveCountAsync(0);

        // The same tab, the operator's pages: their servers only.
        await nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Servers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "ops-a", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "ops-b", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "ops-c", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(bar).ToBeVisibleAsync();

        await nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Schedules" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Run now: ops-a nightly", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Preview is read-only. Exit preview to make changes.")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("a page in preview");

        await bar.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Exit preview" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/users/{id}$"));
        await Assertions.Expect(bar).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Users", Exact = true })).ToBeVisibleAsync();
        fixture.CspViolations.ShouldBeEmpty();
    }
}
