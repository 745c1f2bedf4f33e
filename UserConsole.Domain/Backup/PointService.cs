using System.Globalization;

namespace UserConsole.Domain.Backup;

/// <summary>What a restore brings back; each kind has its own permission.</summary>
public enum RestoreKind
{
    Files,
    Databases,
    DisasterRecovery,
}

/// <summary>The Points page: the tree Server → Schedule → Points, one level per call (children load on expand),
/// each filtered by the actor's scope in SQL; and download/restore requests, which are recorded (audit entry)
/// for the backup agent to carry out; no data moves here.</summary>
public sealed class PointService(IDbContextFactory<UserConsoleDbContext> contextFactory, OperationFactory operations)
{
    /// <summary>How many points one schedule shows at most (newest first); retention keeps fewer in practice.</summary>
    public const int MaxPointsPerSchedule = 200;

    public static string PermissionFor(RestoreKind kind) => kind switch
    {
        RestoreKind.Files => Permissions.RestoreFiles,
        RestoreKind.Databases => Permissions.RestoreDatabases,
        RestoreKind.DisasterRecovery => Permissions.RestoreDisasterRecovery,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The restore kinds that make sense for a point of this backup type (files from a Files backup,
    /// databases from a MySQL backup, disaster recovery from either).</summary>
    public static IReadOnlyList<RestoreKind> RestoreKindsFor(BackupType type) => type == BackupType.MySql
        ? [RestoreKind.Databases, RestoreKind.DisasterRecovery]
        : [RestoreKind.Files, RestoreKind.DisasterRecovery];

    public async Task<Result<Scoped<TreeServer>>> ListServersAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadAsync(by, Permissions.ViewPointsPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var schedules = db.Schedules.VisibleTo(scope);
            var rows = await db.ProductionServers.AsNoTracking().VisibleTo(scope)
                .OrderBy(s => s.Name)
                .Select(s => new TreeServer(s.Id, s.Name, schedules.Count(x => x.ProductionServerId == s.Id)))
                .ToListAsync(cancellationToken);
            return new Scoped<TreeServer>(rows, ScopeReach.Of(scope));
        }, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<TreeSchedule>>> ListSchedulesAsync(ActingUser by, int serverId, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadOrRefuseAsync<IReadOnlyList<TreeSchedule>>(by, Permissions.ViewPointsPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            if (!await db.ProductionServers.VisibleTo(scope).AnyAsync(s => s.Id == serverId, cancellationToken))
            {
                return BackupRules.ServerNotFound;
            }

            var points = db.VisiblePoints(scope);
            var rows = await db.Schedules.AsNoTracking().VisibleTo(scope)
                .Where(s => s.ProductionServerId == serverId)
                .OrderBy(s => s.Name)
                .Select(s => new TreeSchedule(s.Id, s.Name, s.Type, points.Count(p => p.ScheduleId == s.Id)))
                .ToListAsync(cancellationToken);
            return rows;
        }, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<PointRow>>> ListPointsAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadOrRefuseAsync<IReadOnlyList<PointRow>>(by, Permissions.ViewPointsPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var type = await db.Schedules.VisibleTo(scope).Where(s => s.Id == scheduleId).Select(s => (BackupType?)s.Type).SingleOrDefaultAsync(cancellationToken);
            if (type is null)
            {
                return BackupRules.ScheduleNotFound;
            }

            var can = BackupRules.PointCapabilities(actor, type.Value);
            var rows = await db.VisiblePoints(scope).AsNoTracking()
                .Where(p => p.ScheduleId == scheduleId)
                .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
                .Take(MaxPointsPerSchedule)
                .Select(p => new PointRow(p.Id, p.ScheduleId, p.CreatedAt, p.SizeBytes, p.Type))
                .ToListAsync(cancellationToken);
            return rows.Select(r => r with { Can = can }).ToList();
        }, cancellationToken);
    }

    /// <summary>Records a download request of a point (download_points).</summary>
    public Task<Result> RequestDownloadAsync(ActingUser by, long pointId, CancellationToken cancellationToken = default) =>
        RecordRequestAsync(by, pointId, Permissions.DownloadPoints, "point.download", null, cancellationToken);

    /// <summary>Records a restore request of a point; each kind needs its own permission and must suit the point.</summary>
    public Task<Result> RequestRestoreAsync(ActingUser by, long pointId, RestoreKind kind, CancellationToken cancellationToken = default) =>
        Enum.IsDefined(kind)
            ? RecordRequestAsync(by, pointId, PermissionFor(kind), RestoreAction(kind), kind, cancellationToken)
            : Task.FromResult<Result>(BackupRules.UnknownRestoreKind);

    private static string RestoreAction(RestoreKind kind) => kind switch
    {
        RestoreKind.Files => "point.restore_files",
        RestoreKind.Databases => "point.restore_databases",
        _ => "point.restore_disaster_recovery",
    };

    private async Task<Result> RecordRequestAsync(
        ActingUser by, long pointId, string permission, string action, RestoreKind? kind, CancellationToken cancellationToken)
    {
        await using var op = await operations.BeginAsync(by, new OperationSpec(action, "BackupPoint", permission, BackupRules.PointNotFound),
            AuditTarget.Of(pointId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var point = await op.Db.VisiblePoints(op.Actor.Scope).AsNoTracking()
            .Where(p => p.Id == pointId)
            .Select(p => new { p.Id, p.CreatedAt, p.SizeBytes, p.Type, Schedule = p.Schedule.Name, p.Schedule.ProductionServer.Name, BackupType = p.Schedule.Type })
            .SingleOrDefaultAsync(cancellationToken);
        if (await op.RefuseIfAsync((point is null ? BackupRules.PointNotFound : null)
            ?? (kind is { } k ? BackupRules.RestoreSuitsThePoint(k, point!.BackupType) : null)) is { } refused)
        {
            return refused;
        }

        var created = point!.CreatedAt.ToString("u", CultureInfo.InvariantCulture);
        op.About(point.Id, $"{point.Schedule} {created}");
        return await op.CommitAsync(new ChangeSet()
            .Add("Server", null, point.Name)
            .Add("Schedule", null, point.Schedule)
            .Add("Point", null, created)
            .Add("Size", null, point.SizeBytes.ToString(CultureInfo.InvariantCulture))) is { } failed ? failed : Result.Success;
    }
}
