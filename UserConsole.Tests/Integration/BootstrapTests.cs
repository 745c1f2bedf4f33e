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
            (await SignInAsAdminAsync(restarted, newPassword)).ShouldBe("/Account/SetPassword");
            restarted.Output.ShouldNotContain(l => l.Contains(newPassword, StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
            app.DeleteData();
        }
    }

    [Fact]
    public async Task ResetAdminPasswordWithDisable2fa_TurnsOff2faAndRecoveryCodes_TheNewPasswordAloneSignsIn_AndIsAudited()
    {
        var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, environment: "Production");
        try
        {
            await app.StopAsync();
            var db = Path.Combine(app.DataFolder, "userconsole.db");
            await ExecuteAsync(db, "UPDATE Users SET TwoFactorEnabled = 1, ProtectedTotpSecret = 'lost-device', LastTotpStep = 1 WHERE IsFirstAdmin = 1");
            await ExecuteAsync(db, "INSERT INTO UserTokens (UserId, LoginProvider, Name, Value) "
                + "SELECT Id, '[AspNetUserStore]', 'RecoveryCodes', 'hashed-codes' FROM Users WHERE IsFirstAdmin = 1");

            var (exitCode, output) = await AppProcess.RunCommandAsync(app.DataFolder, "reset-admin-password", "--disable-2fa");

            exitCode.ShouldBe(0);
            output.ShouldContain("two-factor sign-in turned off");
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            lines.ShouldContain("Username: admin");
            var newPassword = lines.Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal))["One-time password: ".Length..];
            (await ScalarAsync(db, "SELECT TwoFactorEnabled FROM Users WHERE IsFirstAdmin = 1")).ShouldBe(0L);
            (await ScalarAsync(db, "SELECT ProtectedTotpSecret FROM Users WHERE IsFirstAdmin = 1")).ShouldBeNull();
            (await ScalarAsync(db, "SELECT COUNT(*) FROM UserTokens")).ShouldBe(0L);
            (await ScalarAsync(db, "SELECT Changes FROM AuditEntries WHERE Action = 'user.reset_admin_password' AND ActorUserName = 'console'"))
                .ShouldBeOfType<string>().ShouldContain("TwoFactor");

            // The printed password alone signs in: no second-factor form, straight to choosing a password.
            await using var restarted = await AppProcess.StartAsync(new Dictionary<string, string> { ["UserConsole:DemoData"] = "false" }, app.DataFolder, "Production");
            (await SignInAsAdminAsync(restarted, newPassword)).ShouldBe("/Account/SetPassword");
        }
        finally
        {
            await app.DisposeAsync();
            app.DeleteData();
        }
    }

    /// <summary>Posts the sign-in form as the first admin; returns where it sends the browser.</summary>
    private static async Task<string> SignInAsAdminAsync(AppProcess app, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseAddress };
        using var response = await FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = "admin",
            ["Input.Password"] = password,
        });
        return response.Headers.Location!.AbsolutePath;
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
