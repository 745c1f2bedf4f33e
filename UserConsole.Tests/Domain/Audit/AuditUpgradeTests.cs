using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

/// <summary>A database from before the hash chain: its audit entries are chained when the app starts, so
/// verify-audit passes on an upgraded database.</summary>
public sealed class AuditUpgradeTests
{
    [Fact]
    public async Task Initialize_OnADatabaseWithEntriesFromBeforeTheChain_ChainsThemAndTheTrailVerifies()
    {
        var folder = Path.Combine(Path.GetTempPath(), "uc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "userconsole.db");
        var options = new DbContextOptionsBuilder<UserConsoleDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var old = new UserConsoleDbContext(options))
        {
            await old.GetService<IMigrator>().MigrateAsync("20261128025034_Issue7_BackupPages");
            await old.Database.ExecuteSqlRawAsync("""
                INSERT INTO AuditEntries (At, ActorUserName, Action, TargetType, TargetName, Outcome) VALUES ('2026-10-01 08:00:00', 'system', 'install.bootstrap', 'User', 'admin', 0);
                INSERT INTO AuditEntries (At, ActorUserName, Action, TargetType, TargetName, Changes, Outcome, ErrorCode) VALUES ('2026-10-02 09:30:00.1234567', 'admin', 'user.create', 'User', 'alice', '{{"Email":{{"Before":null,"After":"alice@example.test"}}}}', 1, 'permission.denied');
                """);
        }

        await using var context = await DomainTestContext.AttachAsync(path);
        await AuditChainTests.AppendAsync(context, "test.after-upgrade");
        await using var db = await context.DbAsync();
        var result = await AuditVerifier.VerifyAsync(db, DateTime.UtcNow);

        result.Intact.ShouldBeTrue(result.Message);
        result.EntryCount.ShouldBe(3);
        (await db.AuditEntries.CountAsync(e => e.Hash == null)).ShouldBe(0);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
