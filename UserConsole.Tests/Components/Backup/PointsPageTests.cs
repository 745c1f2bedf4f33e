using Bunit;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

public sealed class PointsPageTests : UserConsoleTestContext
{
    private BackupWorld _world = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Domain.BootstrapAsync();
        _world = await BackupWorld.CreateAsync(Domain, servers: 3, storages: 2);
    }

    private async Task SignInAsync(AccessScope? scope, params string[] permissions) =>
        SignIn(await Domain.CreateUserAsync("viewer", await Domain.CreateRoleAsync("Viewer", permissions), scope), permissions);

    [Fact]
    public async Task Tree_ExpandsLazily_OneLevelPerExpand()
    {
        await SignInAsync(BackupWorld.ScopeOf(_world.Servers.Take(2)), Permissions.ViewPointsPage);
        var all = await BackupWorld.LoadAllAsync(Domain);
        var first = _world.Servers[0];
        var firstSchedules = all.Schedules.Where(s => s.ProductionServerId == first.Id).Select(s => s.Name).ToList();

        var page = Render<PointsPage>();
        page.WaitForAssertion(() => page.Markup.ShouldContain(first.Name));

        // Only the servers in scope, and nothing below them yet.
        page.Markup.ShouldContain(_world.Servers[1].Name);
        page.Markup.ShouldNotContain(_world.Servers[2].Name);
        firstSchedules.ShouldAllBe(name => !page.Markup.Contains(name, StringComparison.Ordinal));

        // Expanding the server loads its schedules, but no points.
        page.FindAll(".mud-treeview-item-arrow button")[0].Click();
        page.WaitForAssertion(() => firstSchedules.ShouldAllBe(name => page.Markup.Contains(name, StringComparison.Ordinal)));
        page.FindAll(".mud-treeview-item").Count.ShouldBe(2 + firstSchedules.Count);
        page.Markup.ShouldNotContain("UTC");

        // Expanding a schedule loads its points.
        page.FindAll(".mud-treeview-item-arrow button")[1].Click();
        page.WaitForAssertion(() => page.Markup.ShouldContain("UTC"));
    }

    [Fact]
    public async Task ChoosingAPoint_ShowsOnlyThePermittedActions()
    {
        await SignInAsync(null, Permissions.ViewPointsPage, Permissions.DownloadPoints, Permissions.RestoreDisasterRecovery);
        var page = Render<PointsPage>();
        page.WaitForAssertion(() => page.FindAll(".mud-treeview-item-arrow button").Count.ShouldBe(3));
        page.FindAll(".mud-treeview-item-arrow button")[0].Click();
        page.WaitForAssertion(() => page.FindAll(".mud-treeview-item-arrow button").Count.ShouldBe(5));
        page.FindAll(".mud-treeview-item-arrow button")[1].Click();
        page.WaitForAssertion(() => page.Markup.ShouldContain("UTC"));

        page.FindAll("button[aria-pressed='false']")[0].Click();

        page.WaitForAssertion(() => page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Download"));
        page.FindAll("button[aria-pressed='true']").Count.ShouldBe(1);
        var buttons = page.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        buttons.ShouldContain("Disaster recovery restore");
        buttons.ShouldNotContain("Restore files");
        buttons.ShouldNotContain("Restore databases");
    }

    [Fact]
    public async Task Tree_ScopeOfDeletedServers_SaysSo()
    {
        await SignInAsync(new AccessScope(ResourceScope.Chosen([]), ResourceScope.Everything), Permissions.ViewPointsPage);

        var page = Render<PointsPage>();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Your access is limited to 0 production servers."));
        _world.Servers.ShouldAllBe(s => !page.Markup.Contains(s.Name, StringComparison.Ordinal));
    }
}
