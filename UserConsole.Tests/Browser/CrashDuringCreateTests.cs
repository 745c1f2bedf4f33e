using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>The app process is killed (SIGKILL) while an admin creates a scoped user; after a restart on the same
/// data the user is there whole (role, chosen scope, audit entry) or not at all, never a user without its role or
/// scope. The kill lands at a different moment of the creation each round (before, during or after the save); the
/// invariant must hold at every one.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CrashDuringCreateTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(150)]
    [InlineData(400)]
    public async Task KillDuringCreateUser_AfterRestart_UserIsWholeOrAbsent(int killAfterMs)
    {
        Chromium.EnsureInstalled();
        var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" });
        var folder = app.DataFolder;
        try
        {
            await using (var database = await DomainTestContext.AttachAsync(app.DatabasePath))
            {
                await using var db = await database.DbAsync();
                var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
                await database.SetChosenPasswordAsync(admin.Id, TestPasswords.Strong);
                await database.CreateRoleAsync("Operator", UserConsole.Domain.Access.Permissions.ViewSchedulesPage);
                await database.CreateServerAsync("web-01");
            }

            var (playwright, browser) = await Chromium.LaunchAsync();
            using (playwright)
            {
                await using (browser)
                {
                    var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = app.BaseAddress.ToString() });
                    await page.SignInAsync("admin", TestPasswords.Strong);
                    await page.GotoAsync("/users");
                    await page.WaitForInteractiveAsync();
                    await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
                    var dialog = page.GetByRole(AriaRole.Dialog);
                    await dialog.GetByLabel("Username").FillAsync("crash.test");
                    await dialog.GetByLabel("Email").FillAsync("crash.test@example.test");
                    await dialog.GetByLabel("Role").ClickAsync();
                    await page.GetByRole(AriaRole.Option, new() { Name = "Operator", Exact = true }).ClickAsync();
                    var servers = dialog.GetByLabel("Production servers", new() { Exact = true });
                    await servers.FillAsync("web");
                    await page.GetByRole(AriaRole.Option, new() { Name = "web-01", Exact = true }).ClickAsync();
                    await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
                    await Task.Delay(killAfterMs);
                    await app.StopAsync();
                }
            }
        }
        finally
        {
            await app.DisposeAsync();
        }

        // Restart on the same data: start-up (migrations, audit chain check) succeeds, and the user is whole or absent.
        await using var restarted = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, folder);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = restarted.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var users = await ScalarAsync(connection, "SELECT COUNT(*) FROM Users WHERE NormalizedUserName = 'CRASH.TEST'");
        var whole = await ScalarAsync(connection, """
            SELECT COUNT(*) FROM Users u JOIN Roles r ON r.Id = u.RoleId
            WHERE u.NormalizedUserName = 'CRASH.TEST' AND u.ProductionServerScope = 1
              AND (SELECT COUNT(*) FROM UserProductionServers p WHERE p.UserId = u.Id) = 1
            """);
        var audited = await ScalarAsync(connection, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'user.create' AND TargetName = 'crash.test' AND Outcome = 0");
        var orphanScopes = await ScalarAsync(connection, "SELECT COUNT(*) FROM UserProductionServers p WHERE NOT EXISTS (SELECT 1 FROM Users u WHERE u.Id = p.UserId)");
        var searchable = await ScalarAsync(connection, "SELECT COUNT(*) FROM UserSearch WHERE UserSearch MATCH '\"crash.test\"'");

        users.ShouldBeInRange(0, 1);
        whole.ShouldBe(users, "a created user has its role and its chosen scope");
        audited.ShouldBe(users, "the user and its audit entry are written together");
        searchable.ShouldBe(users, "the search index follows the user in the same transaction");
        orphanScopes.ShouldBe(0);
        restarted.Output.ShouldNotContain(l => l.Contains("Audit trail broken", StringComparison.Ordinal));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL of this test.
        command.CommandText = sql;
#pragma warning restore CA2100
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
