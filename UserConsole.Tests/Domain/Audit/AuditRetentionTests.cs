using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Audit;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

/// <summary>Retention removes whole days from the oldest end and leaves a checkpoint the chain continues from.</summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync(services => services.Configure<AuditOptions>(o => o.RetentionDays = 30));

        // 90 days of history, every six hours, ending at the test clock's "now".
        var now = _context.Clock.GetUtcNow().UtcDateTime;
        await using var db = await _context.DbAsync();
        for (var at = now.AddDays(-90); at <= now; at = at.AddHours(6))
        {
            db.AuditEntries.Add(AuditTrail.System(at, "tester", "test.history", "Test", null, null, AuditOutcome.Succeeded));
        }

        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = await _context.DbAsync();
        return await AuditVerifier.VerifyAsync(db, _context.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task PruneAsync_With30DaysOver90DaysOfHistory_KeepsTheLast30DaysAndTheChainVerifies()
    {
        var now = _context.Clock.GetUtcNow().UtcDateTime;
        var cutoff = now.Date.AddDays(-30);
        await using var before = await _context.DbAsync();
        var expectedRemoved = await before.AuditEntries.CountAsync(e => e.At < cutoff);
        var expectedKept = await before.AuditEntries.CountAsync(e => e.At >= cutoff);

        var removed = await _context.GetScoped<AuditRetention>().PruneAsync();

        removed.ShouldBe(expectedRemoved);
        await using var db = await _context.DbAsync();
        var history = await db.AuditEntries.Where(e => e.Action == "test.history").ToListAsync();
        history.Count.ShouldBe(expectedKept);
        history.Min(e => e.At).ShouldBeInRange(cutoff, cutoff.AddHours(6).AddTicks(-1), "whole days are removed from the oldest end, nothing younger");
        var checkpoint = await db.AuditEntries.SingleAsync(e => e.Action == AuditChain.CheckpointAction);
        ChangeSet.Parse(checkpoint.Changes)["RemovedEntries"].After.ShouldBe(expectedRemoved.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await VerifyAsync();
        result.Intact.ShouldBeTrue(result.Message);
        result.EntryCount.ShouldBe(expectedKept + 1L);
    }

    [Fact]
    public async Task PruneAsync_DailyForAWeek_KeepsTheChainIntact()
    {
        for (var day = 0; day < 7; day++)
        {
            _context.Clock.Advance(TimeSpan.FromDays(1));
            await AuditChainTests.AppendAsync(_context, "test.daily");
            await _context.GetScoped<AuditRetention>().PruneAsync();
        }

        var result = await VerifyAsync();
        result.Intact.ShouldBeTrue(result.Message);
        await using var db = await _context.DbAsync();
        (await db.AuditEntries.MinAsync(e => e.At)).ShouldBeGreaterThanOrEqualTo(_context.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-30));
    }

    [Fact]
    public async Task PruneAsync_WhenRetentionIsZero_KeepsEverything()
    {
        await using var keepAll = await DomainTestContext.CreateAsync();
        await AuditChainTests.AppendAsync(keepAll, "test.kept");
        keepAll.Clock.Advance(TimeSpan.FromDays(400));

        (await keepAll.GetScoped<AuditRetention>().PruneAsync()).ShouldBe(0);

        await using var db = await keepAll.DbAsync();
        (await db.AuditEntries.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task PruneAsync_WithPlainSqlLeftOverPermitTable_StillRefusesOtherDeletes()
    {
        await _context.GetScoped<AuditRetention>().PruneAsync();

        await using var db = await _context.DbAsync();
        (await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM \"AuditPrunePermits\"").SingleAsync()).ShouldBe(0L);
        await Should.ThrowAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));
    }
}
