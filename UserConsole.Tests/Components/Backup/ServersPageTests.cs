using Bunit;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

/// <summary>What the Servers page offers comes from the domain's capabilities, not from the signed-in user's claims.</summary>
public sealed class ServersPageTests : UserConsoleTestContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Domain.BootstrapAsync();
    }

    private async Task<IRenderedComponent<ServersPage>> RenderAsAsync(AccessScope scope, params string[] permissions)
    {
        var web01 = await Domain.CreateServerAsync("web-01");
        await Domain.CreateServerAsync("web-02");
        var user = await Domain.CreateUserAsync("ops", await Domain.CreateRoleAsync("Server admins", permissions),
            scope.ProductionServers.IsAll ? scope : BackupWorld.ScopeOf([web01]));
        SignIn(user, Permissions.WithImplied(permissions));
        RenderMudProviders();
        var page = Render<ServersPage>();
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-01.example.test"));
        return page;
    }

    [Fact]
    public async Task CreateServer_ForAUserLimitedToChosenServers_IsNotOffered_AndSaysWhy()
    {
        var page = await RenderAsAsync(BackupWorld.ScopeOf([]), Permissions.ViewServersPage, Permissions.CreateServers, Permissions.EditServers);

        var create = page.FindAll("button").Where(b => b.TextContent.Trim() == "Create server").ShouldHaveSingleItem();
        create.HasAttribute("disabled").ShouldBeTrue();
        create.GetAttribute("aria-description").ShouldBe(
            "Only users with access to all production servers can add one: a new server would be outside your own access");
        page.Markup.ShouldNotContain("web-02.example.test");
        page.FindAll("button[aria-label='Edit web-01']").ShouldHaveSingleItem().HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public async Task CreateServer_ForAUserWithAllServers_IsOffered()
    {
        var page = await RenderAsAsync(AccessScope.Everything, Permissions.ViewServersPage, Permissions.CreateServers);

        var create = page.FindAll("button").Where(b => b.TextContent.Trim() == "Create server").ShouldHaveSingleItem();
        create.HasAttribute("disabled").ShouldBeFalse();
        page.FindAll("button[aria-label='Edit web-01']").ShouldBeEmpty();
    }
}
