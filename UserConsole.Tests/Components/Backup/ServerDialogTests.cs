using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

public sealed class ServerDialogTests : IAsyncLifetime
{
    private DomainTestContext _domain = null!;

    public async ValueTask InitializeAsync()
    {
        _domain = await DomainTestContext.CreateAsync();
        await _domain.BootstrapAsync();
        await _domain.CreateServerAsync("web-01");
    }

    public async ValueTask DisposeAsync() => await _domain.DisposeAsync();

    private async Task<(BackupComponentContext Context, IRenderedComponent<IComponent> Page)> RenderAsync(params string[] permissions)
    {
        var user = await _domain.CreateUserAsync("admin2", await _domain.CreateRoleAsync("Servers", permissions));
        var ctx = new BackupComponentContext(_domain);
        ctx.SignIn(user.Id, "admin2", [.. Permissions.WithImplied(permissions)]);
        var page = ctx.Render(builder =>
        {
            builder.OpenComponent<MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ServersPage>(1);
            builder.CloseComponent();
        });
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-01.example.test"));
        return (ctx, page);
    }

    private static IElement Field(IRenderedComponent<IComponent> page, string label)
    {
        var id = page.FindAll(".mud-dialog label").Single(l => l.TextContent.Trim().TrimEnd('*') == label).GetAttribute("for");
        return page.Find($"#{id}");
    }

    [Fact]
    public async Task Create_InvalidHost_ShowsTheMessageBesideHost_AndTakenName_BesideName()
    {
        var (ctx, page) = await RenderAsync(Permissions.CreateServers);
        await using var _ = ctx;
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();
        page.WaitForAssertion(() => page.FindAll(".mud-dialog").Count.ShouldBe(1));

        Field(page, "Name").Change("WEB-01");
        Field(page, "Host").Change("not a host");
        Field(page, "Operating system").Change("Debian 12");
        page.Find(".mud-dialog-actions").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();
        page.WaitForAssertion(() => page.Markup.ShouldContain("Enter a host name (letters, digits, '-' and '.') or an IP address."));

        Field(page, "Host").Change("web-09.example.test");
        page.Find(".mud-dialog-actions").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();

        page.WaitForAssertion(() => page.Markup.ShouldContain("A production server named 'WEB-01' already exists."));
        page.FindAll(".mud-dialog").Count.ShouldBe(1);
        await using var db = await _domain.DbAsync();
        (await db.ProductionServers.CountAsync(Xunit.TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task Create_ValidServer_ClosesAndShowsItInTheGrid()
    {
        var (ctx, page) = await RenderAsync(Permissions.CreateServers);
        await using var _ = ctx;
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();
        page.WaitForAssertion(() => page.FindAll(".mud-dialog").Count.ShouldBe(1));

        Field(page, "Name").Change("web-09");
        Field(page, "Host").Change("web-09.example.test");
        Field(page, "Operating system").Change("Debian 12");
        page.Find(".mud-dialog-actions").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Create server").Click();

        page.WaitForAssertion(() => page.FindAll(".mud-dialog").Count.ShouldBe(0));
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-09.example.test"));
    }

    [Fact]
    public async Task Actions_WithoutPermissions_AreNotShown()
    {
        var (ctx, page) = await RenderAsync(Permissions.ViewServersPage);
        await using var _ = ctx;

        page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Create server");
        page.FindAll("button[aria-label='Edit web-01']").ShouldBeEmpty();
        page.FindAll("button[aria-label='Delete web-01']").ShouldBeEmpty();
    }
}
