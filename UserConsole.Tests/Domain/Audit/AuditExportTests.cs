using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

public sealed class AuditExportTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;
    private User _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        _admin = await _context.BootstrapAsync();
        await using var db = await _context.DbAsync();
        foreach (var formula in new[] { "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "-3+4", "@SUM(A1)", "\tTab", "\rCR" })
        {
            db.AuditEntries.Add(AuditTrail.System(_context.Clock.GetUtcNow().UtcDateTime, "tester", "test.formula", "Test", null, formula, AuditOutcome.Succeeded));
        }

        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private async Task<string> ExportAsync(AuditExportFormat format, AuditQuery? filter = null, User? by = null)
    {
        var started = await _context.GetScoped<AuditExport>().StartAsync(DomainTestContext.As(by ?? _admin), filter ?? new AuditQuery(), format);
        started.Succeeded.ShouldBeTrue(started.Error?.Message);
        using var output = new MemoryStream();
        await started.Value(output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Csv_NeutralisesCellsThatASpreadsheetWouldRunAsFormulas()
    {
        var csv = await ExportAsync(AuditExportFormat.Csv, new AuditQuery { Search = "test.formula" });

        csv.ShouldStartWith("Id,At,ActorUserName,");
        csv.ShouldContain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        csv.ShouldContain("'+1+2");
        csv.ShouldContain("'-3+4");
        csv.ShouldContain("'@SUM(A1)");
        csv.ShouldContain("'\tTab");
        csv.ShouldContain("'\rCR");
        csv.ShouldNotContain(",=HYPERLINK");
        csv.ShouldNotContain(",+1+2");
    }

    [Fact]
    public async Task JsonLines_WritesOneObjectPerEntryOfTheFilter_WithItsHash()
    {
        var lines = (await ExportAsync(AuditExportFormat.JsonLines, new AuditQuery { Search = "test.formula" })).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Length.ShouldBe(6);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            json.RootElement.GetProperty("Action").GetString().ShouldBe("test.formula");
            json.RootElement.GetProperty("Hash").GetString()!.Length.ShouldBe(64);
        }
    }

    [Fact]
    public async Task StartAsync_AuditsTheExportWithItsFilter()
    {
        await ExportAsync(AuditExportFormat.Csv, new AuditQuery { Search = "formula", Outcome = AuditOutcome.Succeeded });

        await using var db = await _context.DbAsync();
        var entry = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync();
        entry.Action.ShouldBe(AuditExport.ExportAction);
        entry.ActorId.ShouldBe(_admin.Id);
        var changes = ChangeSet.Parse(entry.Changes);
        changes["Format"].After.ShouldBe("CSV");
        changes["Search"].After.ShouldBe("formula");
        changes["Outcome"].After.ShouldBe("Succeeded");
    }

    [Fact]
    public async Task StartAsync_WithoutViewActivityLog_IsRefusedAndAudited()
    {
        var role = await _context.CreateRoleAsync("Viewer", UserConsole.Domain.Access.Permissions.ViewUsersPage);
        var viewer = await _context.CreateUserAsync("viewer", role);

        var started = await _context.GetScoped<AuditExport>().StartAsync(DomainTestContext.As(viewer), new AuditQuery(), AuditExportFormat.Csv);

        started.Succeeded.ShouldBeFalse();
        await using var db = await _context.DbAsync();
        var entry = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync();
        entry.Action.ShouldBe(AuditExport.ExportAction);
        entry.Outcome.ShouldBe(AuditOutcome.Refused);
    }
}
