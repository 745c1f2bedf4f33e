namespace UserConsole.Domain.Backup.Demo;

/// <summary>What the demo seeder wrote.</summary>
public sealed record DemoSeedResult(int Servers, int Storages, int Schedules, int JobLogs, int Points);

/// <summary>Demo backup data for the Development environment: 12 production servers, 4 storages (Linux and Cloud),
/// 30 schedules on cron expressions and 60 days of history (job logs with Completed/Warning/Error outcomes and their
/// message lines, and the backup points their retention keeps). Written once, into a database without production
/// servers; the same every time (a fixed random seed). Hosts end in <c>.demo.example</c>, so nobody mistakes them
/// for real machines.</summary>
public sealed class DemoDataSeeder(IDbContextFactory<UserConsoleDbContext> contextFactory, TimeProvider clock)
{
    public const int HistoryDays = 60;

    private const long Gigabyte = 1_000_000_000;
    private const long Terabyte = 1_000 * Gigabyte;

    private static readonly (string Name, string Os, ServerStatus Status)[] Servers =
    [
        ("web-01", "Ubuntu 24.04 LTS", ServerStatus.Online),
        ("web-02", "Ubuntu 24.04 LTS", ServerStatus.Online),
        ("db-01", "Debian 12", ServerStatus.Online),
        ("db-02", "Debian 12", ServerStatus.Online),
        ("mail-01", "Rocky Linux 9", ServerStatus.Online),
        ("files-01", "Windows Server 2022", ServerStatus.Online),
        ("erp-01", "Windows Server 2022", ServerStatus.Online),
        ("crm-01", "Ubuntu 22.04 LTS", ServerStatus.Online),
        ("git-01", "Debian 12", ServerStatus.Online),
        ("wiki-01", "Ubuntu 22.04 LTS", ServerStatus.Maintenance),
        ("build-01", "Ubuntu 24.04 LTS", ServerStatus.Online),
        ("vpn-01", "Red Hat Enterprise Linux 9", ServerStatus.Offline),
    ];

    private static readonly (string Name, StorageKind Kind, long Capacity, double OtherData)[] Storages =
    [
        ("nas-linux-01", StorageKind.Linux, 8 * Terabyte, 0.35),
        ("nas-linux-02", StorageKind.Linux, 4 * Terabyte, 0.5),
        ("cloud-eu-west", StorageKind.Cloud, 20 * Terabyte, 0.2),
        ("cloud-us-east", StorageKind.Cloud, 12 * Terabyte, 0.6),
    ];

    // (server, name, type, cron, storage index, retention, enabled): 12 nightly file backups, 9 MySQL dumps, 9 offsite copies.
    private static readonly (string Server, string Name, BackupType Type, string Cron, int Storage, int Retention, bool Enabled)[] Schedules =
    [
        ("web-01", "web-01 files nightly", BackupType.Files, "10 1 * * *", 0, 14, true),
        ("web-02", "web-02 files nightly", BackupType.Files, "20 1 * * *", 1, 14, true),
        ("db-01", "db-01 files nightly", BackupType.Files, "30 1 * * *", 0, 14, true),
        ("db-02", "db-02 files nightly", BackupType.Files, "40 1 * * *", 1, 14, true),
        ("mail-01", "mail-01 files nightly", BackupType.Files, "0 2 * * *", 0, 30, true),
        ("files-01", "files-01 files nightly", BackupType.Files, "15 2 * * *", 0, 30, true),
        ("erp-01", "erp-01 files nightly", BackupType.Files, "30 2 * * *", 1, 14, true),
        ("crm-01", "crm-01 files nightly", BackupType.Files, "45 2 * * *", 1, 14, true),
        ("git-01", "git-01 files nightly", BackupType.Files, "0 3 * * *", 0, 21, true),
        ("wiki-01", "wiki-01 files nightly", BackupType.Files, "15 3 * * *", 1, 7, true),
        ("build-01", "build-01 files nightly", BackupType.Files, "30 3 * * *", 1, 7, true),
        ("vpn-01", "vpn-01 files nightly", BackupType.Files, "45 3 * * *", 0, 7, false),
        ("db-01", "db-01 MySQL hourly", BackupType.MySql, "5 * * * *", 0, 48, true),
        ("db-02", "db-02 MySQL every 4 h", BackupType.MySql, "25 */4 * * *", 1, 42, true),
        ("erp-01", "erp-01 MySQL every 6 h", BackupType.MySql, "50 */6 * * *", 1, 28, true),
        ("crm-01", "crm-01 MySQL every 6 h", BackupType.MySql, "35 */6 * * *", 0, 28, true),
        ("wiki-01", "wiki-01 MySQL every 6 h", BackupType.MySql, "55 */6 * * *", 1, 20, true),
        ("mail-01", "mail-01 MySQL every 6 h", BackupType.MySql, "45 */6 * * *", 0, 20, true),
        ("web-01", "web-01 MySQL every 6 h", BackupType.MySql, "15 */6 * * *", 0, 20, true),
        ("web-02", "web-02 MySQL every 6 h", BackupType.MySql, "20 */6 * * *", 1, 20, true),
        ("git-01", "git-01 MySQL every 6 h", BackupType.MySql, "40 */6 * * *", 0, 20, true),
        ("db-01", "db-01 offsite daily", BackupType.Files, "0 5 * * *", 2, 30, true),
        ("db-02", "db-02 offsite daily", BackupType.Files, "20 5 * * *", 3, 30, true),
        ("files-01", "files-01 offsite daily", BackupType.Files, "40 5 * * *", 2, 14, true),
        ("erp-01", "erp-01 offsite daily", BackupType.Files, "0 6 * * *", 3, 14, true),
        ("crm-01", "crm-01 offsite weekly", BackupType.Files, "0 4 * * 0", 2, 8, true),
        ("git-01", "git-01 offsite weekly", BackupType.Files, "20 4 * * 0", 3, 8, true),
        ("web-01", "web-01 offsite weekly", BackupType.Files, "40 4 * * 0", 2, 8, true),
        ("mail-01", "mail-01 offsite weekly", BackupType.Files, "0 4 * * 6", 3, 8, true),
        ("build-01", "build-01 offsite weekly", BackupType.Files, "20 4 * * 6", 2, 4, false),
    ];

    /// <summary>Seeds the demo data unless the database already has production servers; null when it did nothing.</summary>
    public async Task<DemoSeedResult?> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ProductionServers.AnyAsync(cancellationToken))
        {
            return null;
        }

        var random = new Random(20_261_128);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-HistoryDays);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var servers = Servers.ToDictionary(s => s.Name, s => new ProductionServer(s.Name, $"{s.Name}.demo.example", s.Os, s.Status, since));
        var storages = Storages.Select(s => new StorageServer(s.Name, s.Kind, s.Capacity, (long)(s.Capacity * s.OtherData), since)).ToList();
        db.ProductionServers.AddRange(servers.Values);
        db.StorageServers.AddRange(storages);
        await db.SaveChangesAsync(cancellationToken);

        var schedules = Schedules.Select(s => new Schedule(s.Name, servers[s.Server].Id, storages[s.Storage].Id, s.Type, s.Cron, s.Retention, s.Enabled, since)).ToList();
        db.Schedules.AddRange(schedules);
        await db.SaveChangesAsync(cancellationToken);

        var logs = 0;
        var points = 0;
        for (var i = 0; i < schedules.Count; i++)
        {
            var schedule = schedules[i];
            var server = servers[Schedules[i].Server];
            var storage = storages[Schedules[i].Storage];
            var kept = new List<BackupPoint>();
            DateTime? lastFull = null;
            foreach (var start in ScheduleCron.Between(schedule.CronExpression, since, now))
            {
                var duration = TimeSpan.FromSeconds(schedule.Type == BackupType.MySql ? random.Next(60, 720) : random.Next(180, 2_400));
                if (start + duration >= now)
                {
                    break; // would still be running
                }

                var outcome = DemoMessages.PickOutcome(random);
                var script = DemoMessages.Script(random, schedule.Type, server.Name, server.Host, storage.Name, outcome, duration);
                var job = schedule.StartJob(start, $"Started on schedule ({schedule.CronExpression}, UTC).");
                foreach (var line in script.Lines)
                {
                    job.AppendLine(line);
                }

                schedule.FinishJob(job, start + duration, outcome, script.LastLine);
                db.JobLogs.Add(job);
                logs++;
                if (outcome != JobStatus.Error)
                {
                    var full = lastFull is not { } f || start - f >= TimeSpan.FromDays(7);
                    lastFull = full ? start : lastFull;
                    kept.Add(new BackupPoint(schedule.Id, start + duration, full ? script.SizeBytes : script.SizeBytes / 8, full ? PointType.Full : PointType.Incremental));
                }
            }

            foreach (var point in kept.TakeLast(schedule.RetentionCount))
            {
                db.BackupPoints.Add(point);
                storage.AddUsed(point.SizeBytes);
                points++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DemoSeedResult(servers.Count, storages.Count, schedules.Count, logs, points);
    }
}
