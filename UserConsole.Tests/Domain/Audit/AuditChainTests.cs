using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Audit;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

/// <summary>The audit trail is append-only in the database and hash-chained by the DbContext, whoever writes it.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        await _context.BootstrapAsync();
        await AppendAsync(_context, "test.one", "test.two", "test.three");
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    internal static async Task AppendAsync(DomainTestContext context, params string[] actions)
    {
        await using var db = await context.DbAsync();
        foreach (var action in actions)
        {
            db.AuditEntries.Add(AuditTrail.System(context.Clock.GetUtcNow().UtcDateTime, "tester", action, "Test", null, action, AuditOutcome.Succeeded));
        }

        await db.SaveChangesAsync();
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = await _context.DbAsync();
        return await AuditVerifier.VerifyAsync(db, _context.Clock.GetUtcNow().UtcDateTime);
    }

    private Task<int> ExecuteAsync(string sql) => _context.ExecuteSqlAsync(sql);

    [Fact]
    public async Task SaveChanges_WithAuditEntries_ChainsEachOntoThePreviousOne()
    {
        await using var db = await _context.DbAsync();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();

        entries[0].PreviousHash.ShouldBe(AuditChain.Genesis);
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Id.ShouldBe(i + 1L);
            entries[i].Hash.ShouldBe(AuditChain.ComputeHash(entries[i]));
            if (i > 0)
            {
                entries[i].PreviousHash.ShouldBe(entries[i - 1].Hash);
            }
        }

        var result = await VerifyAsync();
        result.Intact.ShouldBeTrue(result.Message);
        result.EntryCount.ShouldBe(entries.Count);
        result.Message.ShouldStartWith($"Audit trail intact: {entries.Count} entries from ");
    }

    [Fact]
    public async Task PlainSqlUpdate_IsRefusedByTheDatabase()
    {
        var refused = await Should.ThrowAsync<DbException>(() => ExecuteAsync("UPDATE \"AuditEntries\" SET \"TargetName\" = 'forged' WHERE \"Action\" = 'test.two'"));

        refused.Message.ShouldContain("append-only");
        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task PlainSqlUpdateOfTheHash_IsRefusedByTheDatabase()
    {
        var refused = await Should.ThrowAsync<DbException>(() => ExecuteAsync("UPDATE \"AuditEntries\" SET \"Hash\" = NULL, \"PreviousHash\" = NULL WHERE \"Action\" = 'test.two'"));

        refused.Message.ShouldContain("append-only");
    }

    [Fact]
    public async Task PlainSqlDelete_IsRefusedByTheDatabase()
    {
        var refused = await Should.ThrowAsync<DbException>(() => ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Action\" = 'test.one'"));

        refused.Message.ShouldContain("append-only");
        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task PlainSqlInsertWithoutHash_IsRefusedByTheDatabase()
    {
        var refused = await Should.ThrowAsync<DbException>(() => ExecuteAsync(
            "INSERT INTO \"AuditEntries\" (\"Id\", \"At\", \"ActorUserName\", \"Action\", \"TargetType\", \"Outcome\") VALUES (1000, '2026-11-02 09:00:00', 'x', 'forged', 'Test', 0)"));

        refused.Message.ShouldContain("hash-chained");
    }

    [Fact]
    public async Task Verify_AfterARowIsEditedWithTheTriggersRemoved_NamesThatEntry()
    {
        await ExecuteAsync(_context.DropTriggerSql("AuditEntries_AppendOnlyUpdate", "AuditEntries"));
        await ExecuteAsync("UPDATE \"AuditEntries\" SET \"TargetName\" = 'forged' WHERE \"Action\" = 'test.two'");
        await using var db = await _context.DbAsync();
        var edited = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "test.two");

        var result = await VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.BrokenEntryId.ShouldBe(edited.Id);
        result.Message.ShouldStartWith($"Audit trail broken at entry {edited.Id} ");
    }

    [Fact]
    public async Task Verify_AfterARowIsDeletedWithTheTriggersRemoved_NamesTheEntryAfterTheGap()
    {
        await ExecuteAsync(_context.DropTriggerSql("AuditEntries_AppendOnlyDelete", "AuditEntries"));
        await using var db = await _context.DbAsync();
        var next = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "test.three");
        await ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Action\" = 'test.two'");

        var result = await VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.BrokenEntryId.ShouldBe(next.Id);
    }

    [Fact]
    public async Task Verify_AfterTheOldestRowsAreDeletedWithTheTriggersRemoved_IsBroken()
    {
        await ExecuteAsync(_context.DropTriggerSql("AuditEntries_AppendOnlyDelete", "AuditEntries"));
        await ExecuteAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" <= 2");

        var result = await VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.BrokenEntryId.ShouldBe(3L);
    }

    [Fact]
    public async Task SealUnchained_OnAnUpgradedDatabase_ChainsTheEntriesWrittenBeforeTheChain()
    {
        // As a database migrated from before the chain: entries without hashes.
        await ExecuteAsync(_context.DropTriggerSql("AuditEntries_ChainedInsert", "AuditEntries"));
        await ExecuteAsync("""
            INSERT INTO "AuditEntries" ("Id", "At", "ActorUserName", "Action", "TargetType", "Outcome") SELECT MAX("Id") + 1, '2026-11-02 09:00:00', 'old', 'legacy.one', 'Test', 0 FROM "AuditEntries";
            INSERT INTO "AuditEntries" ("Id", "At", "ActorUserName", "Action", "TargetType", "Outcome") SELECT MAX("Id") + 1, '2026-11-02 09:01:00', 'old', 'legacy.two', 'Test', 1 FROM "AuditEntries";
            """);
        (await VerifyAsync()).Intact.ShouldBeFalse();

        await using (var db = await _context.DbAsync())
        {
            (await AuditChain.SealUnchainedAsync(db)).ShouldBe(2);
        }

        await AppendAsync(_context, "test.after");
        var result = await VerifyAsync();
        result.Intact.ShouldBeTrue(result.Message);
    }

    [Fact]
    public async Task EightConcurrentWriters_AppendingAThousandEntriesEach_LeaveOneIntactChain()
    {
        await using var before = await _context.DbAsync();
        var existing = await before.AuditEntries.CountAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 200; batch++)
            {
                await using var db = await _context.DbAsync();
                for (var i = 0; i < 5; i++)
                {
                    db.AuditEntries.Add(AuditTrail.System(DateTime.UtcNow, $"writer-{writer}", "test.concurrent", "Test", null, $"{batch}.{i}", AuditOutcome.Succeeded));
                }

                await db.SaveChangesAsync();
            }
        })));

        var result = await VerifyAsync();
        result.Intact.ShouldBeTrue(result.Message);
        result.EntryCount.ShouldBe(existing + 8_000L);
        await using var after = await _context.DbAsync();
        (await after.AuditEntries.CountAsync(e => e.Action == "test.concurrent")).ShouldBe(8_000);
        (await after.AuditEntries.Select(e => e.PreviousHash).Distinct().CountAsync()).ShouldBe(existing + 8_000, "no two entries chain onto the same one");
    }

    [Fact]
    public async Task SaveChanges_WritesOneStructuredLogEventPerEntry_AfterTheCommit()
    {
        await AppendAsync(_context, "test.logged");

        var logged = _context.Logs.Events.Where(e => e.Category == AuditEventLog.Category && e.Properties.GetValueOrDefault("Action") as string == "test.logged").ToList();
        var properties = logged.ShouldHaveSingleItem().Properties;
        properties["Actor"].ShouldBe("tester");
        properties["TargetType"].ShouldBe("Test");
        properties["Target"].ShouldBe("test.logged");
        properties["Outcome"].ShouldBe(AuditOutcome.Succeeded);
        properties.ShouldContainKey("Code");
        properties.ShouldContainKey("EntryId");
    }

    [Fact]
    public async Task SaveChanges_ThatFails_LogsNoAuditEvent()
    {
        await using var db = await _context.DbAsync();
        db.AuditEntries.Add(AuditTrail.System(DateTime.UtcNow, "tester", "test.failed", "Test", null, null, AuditOutcome.Succeeded));
        db.Roles.Add(new UserConsole.Domain.Roles.Role("Administrator", "duplicate name", DateTime.UtcNow) { NormalizedName = "ADMINISTRATOR" });

        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());

        _context.Logs.Events.ShouldNotContain(e => e.Category == AuditEventLog.Category && e.Properties.GetValueOrDefault("Action") as string == "test.failed");
        (await VerifyAsync()).Intact.ShouldBeTrue();
    }
}
