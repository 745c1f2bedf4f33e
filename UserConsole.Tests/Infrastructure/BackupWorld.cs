using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;

namespace UserConsole.Tests.Infrastructure;

/// <summary>A small backup estate for scope tests: production servers × storages, one schedule per pair, a job log
/// per schedule and day for <see cref="Days"/> days (outcomes cycling Completed/Warning/Error, the newest of some
/// schedules still running) and a point per successful run. Written through the entities' own methods.</summary>
public sealed class BackupWorld
{
    public const int Days = 20;

    private BackupWorld(IReadOnlyList<ProductionServer> servers, IReadOnlyList<StorageServer> storages)
    {
        Servers = servers;
        Storages = storages;
    }

    public IReadOnlyList<ProductionServer> Servers { get; }

    public IReadOnlyList<StorageServer> Storages { get; }

    public static async Task<BackupWorld> CreateAsync(DomainTestContext context, int servers = 4, int storages = 2, string prefix = "srv")
    {
        ArgumentNullException.ThrowIfNull(context);
        var serverList = new List<ProductionServer>();
        for (var i = 1; i <= servers; i++)
        {
            serverList.Add(await context.CreateServerAsync($"{prefix}-{i:00}"));
        }

        var storageList = new List<StorageServer>();
        for (var i = 1; i <= storages; i++)
        {
            storageList.Add(await context.CreateStorageAsync($"{prefix}-store-{i}"));
        }

        var now = context.Clock.GetUtcNow().UtcDateTime;
        await using var db = await context.DbAsync();
        var index = 0;
        foreach (var server in serverList)
        {
            foreach (var storage in storageList)
            {
                var schedule = new Schedule($"{server.Name} to {storage.Name}", server.Id, storage.Id, index % 2 == 0 ? BackupType.Files : BackupType.MySql,
                    "0 2 * * *", 30, enabled: true, now.AddDays(-Days));
                db.Schedules.Add(schedule);
                await db.SaveChangesAsync();
                for (var day = Days - 1; day >= 0; day--)
                {
                    var start = now.Date.AddDays(-day).AddHours(index % 6);
                    var job = schedule.StartJob(start, "Started on schedule.");
                    job.AppendLine("Working.");
                    db.JobLogs.Add(job);
                    if (day == 0 && index % 3 == 0)
                    {
                        continue; // still running
                    }

                    var outcome = (JobStatus)(1 + ((day + index) % 3));
                    schedule.FinishJob(job, start.AddMinutes(10), outcome, $"Finished as {outcome}.");
                    if (outcome != JobStatus.Error)
                    {
                        db.BackupPoints.Add(new BackupPoint(schedule.Id, start.AddMinutes(10), 1_000_000L * (day + 1), PointType.Full));
                    }
                }

                await db.SaveChangesAsync();
                index++;
            }
        }

        return new BackupWorld(serverList, storageList);
    }

    /// <summary>One schedule (idle, enabled) from a server to a storage.</summary>
    public static async Task<Schedule> CreateScheduleAsync(
        DomainTestContext context, ProductionServer server, StorageServer storage, string name, string cron = "0 2 * * *", BackupType type = BackupType.Files, int retention = 14)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(storage);
        await using var db = await context.DbAsync();
        var schedule = new Schedule(name, server.Id, storage.Id, type, cron, retention, enabled: true, context.Clock.GetUtcNow().UtcDateTime);
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync();
        return schedule;
    }

    /// <summary>A scope over the given servers (and all storages unless given).</summary>
    public static AccessScope ScopeOf(IEnumerable<ProductionServer> servers, IEnumerable<StorageServer>? storages = null) => new(
        ResourceScope.Chosen(servers.Select(s => s.Id)),
        storages is null ? ResourceScope.Everything : ResourceScope.Chosen(storages.Select(s => s.Id)));

    /// <summary>Every row of the backup tables, loaded without any filter: the independent side of the scope tests.</summary>
    public static async Task<AllBackupRows> LoadAllAsync(DomainTestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var db = await context.DbAsync();
        return new AllBackupRows(
            await db.ProductionServers.AsNoTracking().ToListAsync(),
            await db.StorageServers.AsNoTracking().ToListAsync(),
            await db.Schedules.AsNoTracking().ToListAsync(),
            await db.JobLogs.AsNoTracking().ToListAsync(),
            await db.BackupPoints.AsNoTracking().ToListAsync());
    }
}

/// <summary>All backup rows in memory, with the scope rule (a schedule is visible when its server and its storage both are) written out plainly, not as the SQL filter.</summary>
public sealed record AllBackupRows(
    IReadOnlyList<ProductionServer> Servers,
    IReadOnlyList<StorageServer> Storages,
    IReadOnlyList<Schedule> Schedules,
    IReadOnlyList<JobLog> JobLogs,
    IReadOnlyList<BackupPoint> Points)
{
    public IEnumerable<ProductionServer> ServersIn(AccessScope scope) => Servers.Where(s => scope.ProductionServers.Allows(s.Id));

    public IEnumerable<StorageServer> StoragesIn(AccessScope scope) => Storages.Where(s => scope.StorageServers.Allows(s.Id));

    public IEnumerable<Schedule> SchedulesIn(AccessScope scope) =>
        Schedules.Where(s => scope.ProductionServers.Allows(s.ProductionServerId) && scope.StorageServers.Allows(s.StorageServerId));

    public IEnumerable<JobLog> JobLogsIn(AccessScope scope)
    {
        var visible = SchedulesIn(scope).Select(s => s.Id).ToHashSet();
        return JobLogs.Where(j => visible.Contains(j.ScheduleId));
    }

    public IEnumerable<BackupPoint> PointsIn(AccessScope scope)
    {
        var visible = SchedulesIn(scope).Select(s => s.Id).ToHashSet();
        return Points.Where(p => visible.Contains(p.ScheduleId));
    }
}
