using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The app in memory with every log line captured at Trace level.</summary>
public sealed class LoggedUserConsoleFactory : UserConsoleFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs).AddFilter<LogCapture>(null, LogLevel.Trace));
    }
}

/// <summary>The audit trail through the real app: sign-in names, secrets kept out of audit rows and logs, and the export.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string Password = TestPasswords.Strong;
    private readonly LoggedUserConsoleFactory _factory = new();
    private string _admin = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _factory.PrepareAdminAsync(Password);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password) =>
        FormPost.SubmitAsync(client, "/Account/Login", "sign-in", new Dictionary<string, string>
        {
            ["Input.UserNameOrEmail"] = name,
            ["Input.Password"] = password,
        });

    private async Task<List<AuditEntry>> AuditAsync()
    {
        using var scope = _factory.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private static string Text(AuditEntry e) =>
        string.Join('|', e.ActorUserName, e.ActorFullName, e.ActorCompany, e.Action, e.TargetId, e.TargetName, e.Changes, e.ErrorCode);

    [Fact]
    public async Task SignIn_WithAPasswordLikeUnknownName_StoresNoPartOfItAndShowsTheLength()
    {
        const string typed = "Summer2026!Secret";
        using var client = NewClient();

        using var response = await SignInAsync(client, typed, "whatever was typed here");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var entry = (await AuditAsync()).Last(e => e.Action == "user.sign_in");
        entry.ActorUserName.ShouldBe($"an unknown name ({typed.Length} characters)");
        entry.ErrorCode.ShouldBe("sign_in.unknown_user");
        (await AuditAsync()).ShouldAllBe(e => !Text(e).Contains("Summer", StringComparison.Ordinal) && !Text(e).Contains("Secret", StringComparison.Ordinal));
        _factory.Logs.Lines.ShouldNotContain(l => l.Contains("Summer2026", StringComparison.Ordinal));
    }

    /// <summary>Every secret that exists today — a password typed at sign-in (wrong and right), a one-time password,
    /// a TOTP code and the session cookie — stays out of audit rows and out of every log line, Trace level included.
    /// (SMTP passwords and recovery codes do not exist yet.)</summary>
    [Fact]
    public async Task Secrets_NeverReachAuditRowsOrLogs()
    {
        string oneTimePassword;
        string secret;
        using (var scope = _factory.Services.CreateScope())
        {
            oneTimePassword = (await scope.ServiceProvider.GetRequiredService<Installation>().ResetFirstAdminPasswordAsync(cancellationToken: Ct))!.Password;
        }

        await _factory.PrepareAdminAsync(Password);
        var admin = await _factory.FindUserAsync(_admin);
        using (var scope = _factory.Services.CreateScope())
        {
            var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
            secret = (await twoFactor.BeginEnrollmentAsync(new ActingUser(admin.Id), Ct)).Value.Secret;
            (await twoFactor.ConfirmEnrollmentAsync(new ActingUser(admin.Id), secret, new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow), Ct))
                .Succeeded.ShouldBeTrue();
        }

        const string wrongPassword = "Wrong-Typed-Password-9731";
        using var client = NewClient();
        using (var _ = await SignInAsync(client, _admin, wrongPassword))
        {
        }

        using (var password = await SignInAsync(client, _admin, Password))
        {
            password.Headers.Location!.AbsolutePath.ShouldBe("/Account/LoginWith2fa");
        }

        var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        using var signedIn = await FormPost.SubmitAsync(client, "/Account/LoginWith2fa", "two-factor", new Dictionary<string, string> { ["Input.Code"] = code });
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("UserConsole.Session=", StringComparison.Ordinal));
        var session = cookie["UserConsole.Session=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        session.Length.ShouldBeGreaterThan(40);
        using (var users = await client.GetAsync(new Uri("/users", UriKind.Relative), Ct))
        {
            users.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var secrets = new Dictionary<string, string>
        {
            ["one-time password"] = oneTimePassword,
            ["wrong password typed at sign-in"] = wrongPassword,
            ["password typed at sign-in"] = Password,
            ["TOTP code"] = code,
            ["TOTP secret"] = secret,
            ["session cookie"] = session[..32],
        };
        var audit = await AuditAsync();
        audit.ShouldContain(e => e.Action == "user.sign_in" && e.Outcome == AuditOutcome.Succeeded);
        _factory.Logs.Lines.ShouldContain(l => l.Contains("UserConsole.Audit", StringComparison.Ordinal) && l.Contains("user.sign_in", StringComparison.Ordinal));
        _factory.Logs.Lines.ShouldContain(l => l.StartsWith("Trace", StringComparison.Ordinal), "the capture must see Trace level");
        foreach (var (name, value) in secrets)
        {
            audit.ShouldAllBe(e => !Text(e).Contains(value, StringComparison.Ordinal), $"an audit row holds the {name}");
            _factory.Logs.Lines.ShouldNotContain(l => l.Contains(value, StringComparison.Ordinal), $"a log line holds the {name}");
        }
    }

    [Fact]
    public async Task Export_AsCsv_DownloadsTheFilterWithFormulasNeutralised_AndIsAudited()
    {
        using (var scope = _factory.Services.CreateScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync(Ct);
            db.AuditEntries.Add(AuditTrail.System(DateTime.UtcNow, "tester", "test.formula", "Test", null, "=HYPERLINK(\"http://evil.example\")", AuditOutcome.Succeeded));
            db.AuditEntries.Add(AuditTrail.System(DateTime.UtcNow, "tester", "test.formula", "Test", null, "@SUM(A1)", AuditOutcome.Succeeded));
            await db.SaveChangesAsync(Ct);
        }

        using var client = NewClient();
        using (var _ = await SignInAsync(client, _admin, Password))
        {
        }

        using var response = await client.GetAsync(new Uri("/activity/export?format=csv&search=test.formula", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var csv = await response.Content.ReadAsStringAsync(Ct);
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
        csv.ShouldContain("'=HYPERLINK(");
        csv.ShouldContain("'@SUM(A1)");
        csv.ShouldNotContain(",=HYPERLINK");
        var export = (await AuditAsync()).Last();
        export.Action.ShouldBe(AuditExport.ExportAction);
        export.ActorUserName.ShouldBe(_admin);
    }

    [Fact]
    public async Task Export_AsJsonLines_ReturnsOneLinePerEntry()
    {
        using var client = NewClient();
        using (var _ = await SignInAsync(client, _admin, Password))
        {
        }

        using var response = await client.GetAsync(new Uri("/activity/export?format=jsonl&outcome=Succeeded", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe((await AuditAsync()).Count(e => e.Outcome == AuditOutcome.Succeeded), "every succeeded entry, the export's own included");
        lines[0].ShouldContain("\"Action\":\"audit.export\"");
    }

    [Fact]
    public async Task Export_WhenAnonymous_RedirectsToSignIn()
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri("/activity/export?format=csv", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }
}

/// <summary>verify-audit, run as the real app process on a data folder.</summary>
public sealed class VerifyAuditCommandTests
{
    [Fact]
    public async Task VerifyAudit_OnAnIntactTrail_PrintsTheRangeAndExitsZero_AfterAnEditedRow_NamesItAndExitsNonZero()
    {
        var folder = Path.Combine(Path.GetTempPath(), "uc-app", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "userconsole.db");
        try
        {
            long edited;
            await using (var context = await DomainTestContext.AttachAsync(database))
            {
                await context.BootstrapAsync();
                await using var db = await context.DbAsync();
                for (var i = 0; i < 5; i++)
                {
                    db.AuditEntries.Add(AuditTrail.System(DateTime.UtcNow, "tester", "test.entry", "Test", null, $"entry {i}", AuditOutcome.Succeeded));
                }

                await db.SaveChangesAsync();
                edited = await db.AuditEntries.Where(e => e.TargetName == "entry 2").Select(e => e.Id).SingleAsync();
            }

            var (intactCode, intactOutput) = await AppProcess.RunCommandAsync(folder, "verify-audit");

            intactCode.ShouldBe(0, intactOutput);
            intactOutput.ShouldMatch(@"Audit trail intact: \d+ entries from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC");

            await ExecuteAsync(database, "DROP TRIGGER AuditEntries_AppendOnlyUpdate");
            await ExecuteAsync(database, $"UPDATE AuditEntries SET TargetName = 'entry 2, edited' WHERE Id = {edited.ToString(CultureInfo.InvariantCulture)}");

            var (brokenCode, brokenOutput) = await AppProcess.RunCommandAsync(folder, "verify-audit");

            brokenCode.ShouldNotBe(0, brokenOutput);
            brokenOutput.ShouldContain($"Audit trail broken at entry {edited.ToString(CultureInfo.InvariantCulture)} ");
            await using var check = new SqliteConnection($"Data Source={database};Pooling=False");
            await check.OpenAsync();
            await using var command = check.CreateCommand();
            command.CommandText = "SELECT Intact || ' ' || BrokenEntryId FROM AuditChecks";
            (await command.ExecuteScalarAsync())!.ToString().ShouldBe($"0 {edited.ToString(CultureInfo.InvariantCulture)}", "the Activity page shows the last check");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // temp folder
            }
        }
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
