using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>The app with its demo backup data (simulator off, so rows stay still) and a user with long details, as
/// a laptop shows it.</summary>
public sealed class LaptopScreenFixture : BrowserAppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["UserConsole:DemoData"] = "true",
        ["UserConsole:Simulator:Enabled"] = "false",
    };

    protected override async Task ArrangeAsync(DomainTestContext database)
    {
        await using (var db = await database.DbAsync())
        {
            var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
            await database.SetChosenPasswordAsync(admin.Id, TestPasswords.Strong);
        }

        var role = await database.CreateRoleAsync("Backup operator with a long role name", UserConsole.Domain.Access.Permissions.ViewSchedulesPage);
        var user = await database.CreateUserAsync("aaa.maximilian-featherstonehaugh", role,
            email: "maximilian.featherstonehaugh@wayne-enterprises-international.example",
            fullName: "Maximilian Alexander Featherstonehaugh-Smythe", company: "Wayne Enterprises International Holdings");
        await using var context = await database.DbAsync();
        var stored = await context.Users.SingleAsync(u => u.Id == user.Id);
        stored.EnableTwoFactor("protected", 1);
        stored.RecordSignIn(DateTime.UtcNow.AddHours(-3));
        await context.SaveChangesAsync();
    }
}

/// <summary>At 1280×720 (a laptop screen) every page's first row keeps its menu or actions in view without a
/// horizontal scroll, and form dialogs close on Escape unless something was typed, which asks first.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LaptopScreenTests(LaptopScreenFixture fixture) : IClassFixture<LaptopScreenFixture>
{
    private const int Width = 1280;
    private const int Height = 720;

    [Theory]
    [InlineData("/users", "Actions for")]
    [InlineData("/schedules", "Delete")]
    [InlineData("/logs", "Show")]
    public async Task FirstRowMenu_At1280x720_IsInViewWithoutHorizontalScroll(string path, string menuName)
    {
        var page = await SignedInAsync();
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
        var firstRow = page.Locator("tbody tr").First;
        var menu = firstRow.GetByRole(AriaRole.Button, new() { Name = menuName }).Last;
        await Assertions.Expect(menu).ToBeVisibleAsync();

        var box = await menu.BoundingBoxAsync();
        box.ShouldNotBeNull();
        var widths = await page.EvaluateAsync<int[]>("""
            () => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                   ...[...document.querySelectorAll('.mud-table-container')].flatMap(c => [c.scrollWidth, c.clientWidth])]
            """);
        var columns = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('thead th')].filter(t => t.offsetParent !== null)
                .map(t => `${t.innerText.trim()}:${Math.round(t.getBoundingClientRect().width)}`).join(', ')
            """);
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(Width, $"the first row's menu ends at x = {box.X + box.Width} on {path} (columns {columns})");
        (box.Y + box.Height).ShouldBeLessThanOrEqualTo(Height, $"the first row's menu ends at y = {box.Y + box.Height} on {path}");
        box.X.ShouldBeGreaterThanOrEqualTo(0);
        for (var i = 0; i < widths.Length; i += 2)
        {
            widths[i].ShouldBeLessThanOrEqualTo(widths[i + 1], $"scroll width {widths[i]} > client width {widths[i + 1]} ({(i == 0 ? "page" : "table")}) on {path} (columns {columns})");
        }
    }

    [Fact]
    public async Task CreateUserDialog_Escape_ClosesUntouchedAndAsksWhenTouched()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/users");
        await page.WaitForInteractiveAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(dialog.GetByLabel("Username")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-dialog[data-escape='on']")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog[data-escape='on']")).ToHaveCountAsync(1);
        await dialog.GetByLabel("Username").FillAsync("half.typed");
        await page.Keyboard.PressAsync("Escape");
        var ask = page.GetByRole(AriaRole.Dialog, new() { Name = "Discard changes?" });
        await Assertions.Expect(ask).ToBeVisibleAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Keep editing" }).ClickAsync();
        await Assertions.Expect(ask).ToHaveCountAsync(0);
        await Assertions.Expect(dialog.GetByLabel("Username")).ToHaveValueAsync("half.typed");

        await dialog.GetByLabel("Username").FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    private async Task<IPage> SignedInAsync()
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(Width, Height);
        await page.SignInAsync("admin", TestPasswords.Strong);
        return page;
    }
}
