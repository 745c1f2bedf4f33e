using Microsoft.Data.Sqlite;
using UserConsole.Domain.Access;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>First start, restart and console recovery of the real app process, reading its console output the
/// way a person does.</summary>
public sealed class BootstrapTests
{
    [Fact]
    public async Task FirstStart_CreatesOneFirstAdminAndPrintsThePasswordOnce_RestartCreatesNothing()
    {
        var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, environment: "Production");
        try
        {
            var firstOutput = app.Output;
            firstOutput.ShouldContain("Username: admin");
            firstOutput.Count(l => l.StartsWith("One-time password: ", StringComparison.Ordinal)).ShouldBe(1);
            var password = app.AdminOneTimePassword;
            password.Length.ShouldBeGreaterThanOrEqualTo(16);
            await app.StopAsync();

            await using var restarted = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, app.DataFolder, "Production");
            restarted.Output.ShouldNotContain(l => l.Contains("One-time password", StringComparison.Ordinal));
            restarted.Output.ShouldNotContain(l => l.Contains(password, StringComparison.Ordinal));
            await restarted.StopAsync();

            var db = Path.Combine(app.DataFolder, "userconsole.db");
            (await ScalarAsync(db, "SELECT COUNT(*) FROM Users")).ShouldBe(1L);
            (await ScalarAsync(db, "SELECT COUNT(*) FROM Users WHERE IsFirstAdmin = 1 AND UserName = 'admin' AND MustChangePassword = 1")).ShouldBe(1L);
            (await ScalarAsync(db, "SELECT COUNT(*) FROM Roles WHERE IsFirstAdminRole = 1 AND Name = 'Administrator'")).ShouldBe(1L);
            (await ScalarAsync(db, "SELECT COUNT(*) FROM Roles")).ShouldBe(1L);
            (await ScalarAsync(db, "SELECT COUNT(*) FROM RolePermissions rp JOIN Roles r ON r.Id = rp.RoleId WHERE r.IsFirstAdminRole = 1"))
                .ShouldBe((long)Permissions.All.Count);
            (await ScalarAsync(db, "SELECT COUNT(*) FROM AuditEntries WHERE Changes LIKE '%' || $p || '%'", password)).ShouldBe(0L);
            (await ScalarAsync(db, "PRAGMA journal_mode")).ShouldBe("wal");
        }
        finally
        {
            await app.DisposeAsync();
            app.DeleteData();
        }
    }

    [Fact]
    public async Task ResetAdminPassword_PrintsANewPassword_EndsSessions_IsAudited_AndDoesNotStartTheServer()
    {
        var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, environment: "Production");
        try
        {
            var first = app.AdminOneTimePassword;
            await app.StopAsync();
            var db = Path.Combine(app.DataFolder, "userconsole.db");
            await ExecuteAsync(db, "UPDATE Users SET AccessFailedCount = 5, LockoutEnd = '2999-01-01 00:00:00+00:00' WHERE IsFirstAdmin = 1");
            var stampBefore = await ScalarAsync(db, "SELECT SecurityStamp FROM Users WHERE IsFirstAdmin = 1");

            var (exitCode, output) = await AppProcess.RunCommandAsync(app.DataFolder, "reset-admin-password");

            exitCode.ShouldBe(0);
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            lines.ShouldContain("Username: admin");
            var newPassword = lines.Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal))["One-time password: ".Length..];
            newPassword.ShouldNotBe(first);
            output.ShouldNotContain("Now listening on");
            (await ScalarAsync(db, "SELECT SecurityStamp FROM Users WHERE IsFirstAdmin = 1")).ShouldNotBe(stampBefore);
            (await ScalarAsync(db, "SELECT AccessFailedCount FROM Users WHERE IsFirstAdmin = 1")).ShouldBe(0L);
            (await ScalarAsync(db, "SELECT LockoutEnd FROM Users WHERE IsFirstAdmin = 1")).ShouldBeNull();
            (await ScalarAsync(db, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'user.reset_admin_password' AND Outcome = 0")).ShouldBe(1L);
            (await ScalarAsync(db, "SELECT COUNT(*) FROM AuditEntries WHERE IFNULL(Changes, '') LIKE '%' || $p || '%'", newPassword)).ShouldBe(0L);

            // The printed password signs in (and must be replaced).
            await using var restarted = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, app.DataFolder, "Production");
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = restarted.BaseAddress };
            using var response = await FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
            {
                ["Input.UserNameOrEmail"] = "admin",
                ["Input.Password"] = newPassword,
            });
            response.Headers.Location!.AbsolutePath.ShouldBe("/Account/SetPassword");
            restarted.Output.ShouldNotContain(l => l.Contains(newPassword, StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
            app.DeleteData();
        }
    }

    private static async Task<object?> ScalarAsync(string path, string sql, string? parameter = null)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }

        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
