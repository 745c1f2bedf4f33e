using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;

namespace UserConsole.Tests.Components.Backup;

public sealed class ServerDialogTests : UserConsoleTestContext
{
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Domain.BootstrapAsync();
        await Domain.CreateServerAsync("web-01");
    }

    private async Task<IRenderedComponent<ServersPage>> RenderAsync(params string[] permissions)
    {
        var user = await Domain.CreateUserAsync("admin2", await Domain.CreateRoleAsync("Servers", permissions));
        SignIn(user, Permissions.WithImplied(permissions));
        _dialogs = RenderMudProviders();
        var page = Render<ServersPage>();
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-01.example.test"));
        return page;
    }

    private void OpenCreateDialog(IRenderedComponent<ServersPage> page)
    {
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();
        _dialogs.WaitForAssertion(() => _dialogs.FindAll(".mud-dialog").Count.ShouldBe(1));
    }

    private void Submit() =>
        _dialogs.Find(".mud-dialog-actions").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();

    [Fact]
    public async Task Create_InvalidHost_ShowsTheMessageBesideHost_AndTakenName_BesideName()
    {
        var page = await RenderAsync(Permissions.CreateServers);
        OpenCreateDialog(page);

        _dialogs.InputByLabel("Name").Change("WEB-01");
        _dialogs.InputByLabel("Host").Change("not a host");
        _dialogs.InputByLabel("Operating system").Change("Debian 12");
        Submit();
        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Host").ShouldBe("Enter a host name (letters, digits, '-' and '.') or an IP address."));

        _dialogs.InputByLabel("Host").Change("web-09.example.test");
        Submit();

        _dialogs.WaitForAssertion(() => _dialogs.FieldMessage("Name").ShouldBe("A production server named 'WEB-01' already exists."));
        _dialogs.FindAll(".mud-dialog").Count.ShouldBe(1);
        await using var db = await Domain.DbAsync();
        (await db.ProductionServers.CountAsync(Xunit.TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task Create_ValidServer_ClosesAndShowsItInTheGrid()
    {
        var page = await RenderAsync(Permissions.CreateServers);
        OpenCreateDialog(page);

        _dialogs.InputByLabel("Name").Change("web-09");
        _dialogs.InputByLabel("Host").Change("web-09.example.test");
        _dialogs.InputByLabel("Operating system").Change("Debian 12");
        Submit();

        _dialogs.WaitForAssertion(() => _dialogs.FindAll(".mud-dialog").Count.ShouldBe(0));
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-09.example.test"));
        Snackbars.WaitForAssertion(() => Snackbars.Markup.ShouldContain("Production server web-09 created."));
    }

    [Fact]
    public async Task Actions_WithoutPermissions_AreNotShown()
    {
        var page = await RenderAsync(Permissions.ViewServersPage);

        page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Create server");
        page.FindAll("button[aria-label='Edit web-01']").ShouldBeEmpty();
        page.FindAll("button[aria-label='Delete web-01']").ShouldBeEmpty();
    }
}
