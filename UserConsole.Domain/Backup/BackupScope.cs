namespace UserConsole.Domain.Backup;

/// <summary>The one scope filter of backup data. Every read of servers, storages, schedules, points and job logs
/// composes it into its query, so the database returns only what the actor may see (nothing is loaded and then
/// dropped in memory). A schedule is visible when both its production server and its storage are in scope; points
/// and job logs follow their schedule; servers and storages follow their own kind.
/// <para>An "all" scope adds no condition (the SQL stays as simple as possible for the planner); a chosen scope
/// adds <c>IN (ids)</c> on the server id columns. A chosen scope whose servers were all deleted has no ids left and
/// matches nothing, never everything.</para></summary>
public static class BackupScope
{
    public static IQueryable<ProductionServer> VisibleTo(this IQueryable<ProductionServer> servers, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(scope);
        return servers.WithIdIn(scope.ProductionServers);
    }

    public static IQueryable<StorageServer> VisibleTo(this IQueryable<StorageServer> storages, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(storages);
        ArgumentNullException.ThrowIfNull(scope);
        return storages.WithIdIn(scope.StorageServers);
    }

    public static IQueryable<Schedule> VisibleTo(this IQueryable<Schedule> schedules, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.ProductionServers.IsAll)
        {
            var serverIds = Ids(scope.ProductionServers);
            schedules = schedules.Where(s => serverIds.Contains(s.ProductionServerId));
        }

        if (!scope.StorageServers.IsAll)
        {
            var storageIds = Ids(scope.StorageServers);
            schedules = schedules.Where(s => storageIds.Contains(s.StorageServerId));
        }

        return schedules;
    }

    /// <summary>Job logs of the schedules visible under <paramref name="scope"/>: <c>ScheduleId IN (SELECT Id FROM
    /// Schedules WHERE …)</c>, which lets SQLite seek the (ScheduleId, …) indexes of JobLogs for the few visible
    /// schedules instead of walking every log and joining.</summary>
    public static IQueryable<JobLog> VisibleTo(this IQueryable<JobLog> logs, IQueryable<Schedule> schedules, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(scope);
        if (IsEverything(scope))
        {
            return logs;
        }

        var visible = schedules.VisibleTo(scope).Select(s => s.Id);
        return logs.Where(j => visible.Contains(j.ScheduleId));
    }

    /// <summary>Daily outcome counts of the schedules visible under <paramref name="scope"/> (as for job logs).</summary>
    public static IQueryable<JobOutcomeDay> VisibleTo(this IQueryable<JobOutcomeDay> days, IQueryable<Schedule> schedules, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(scope);
        if (IsEverything(scope))
        {
            return days;
        }

        var visible = schedules.VisibleTo(scope).Select(s => s.Id);
        return days.Where(d => visible.Contains(d.ScheduleId));
    }

    /// <summary>Backup points of the schedules visible under <paramref name="scope"/> (as for job logs).</summary>
    public static IQueryable<BackupPoint> VisibleTo(this IQueryable<BackupPoint> points, IQueryable<Schedule> schedules, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(scope);
        if (IsEverything(scope))
        {
            return points;
        }

        var visible = schedules.VisibleTo(scope).Select(s => s.Id);
        return points.Where(p => visible.Contains(p.ScheduleId));
    }

    /// <summary>The job logs the actor may see.</summary>
    public static IQueryable<JobLog> VisibleJobLogs(this UserConsoleDbContext db, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.JobLogs.VisibleTo(db.Schedules, scope);
    }

    /// <summary>The backup points the actor may see.</summary>
    public static IQueryable<BackupPoint> VisiblePoints(this UserConsoleDbContext db, AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.BackupPoints.VisibleTo(db.Schedules, scope);
    }

    // Servers and storages follow their own kind of scope: all of them, or those whose id was chosen.
    private static IQueryable<T> WithIdIn<T>(this IQueryable<T> items, ResourceScope scope)
        where T : InventoryItem
    {
        if (scope.IsAll)
        {
            return items;
        }

        var ids = Ids(scope);
        return items.Where(s => ids.Contains(s.Id));
    }

    private static bool IsEverything(AccessScope scope) => scope.ProductionServers.IsAll && scope.StorageServers.IsAll;

    // A sorted array: the same scope gives the same SQL parameters (and the same cached plan).
    private static int[] Ids(ResourceScope scope) => [.. scope.Ids.Order()];
}

/// <summary>How far an actor's scope reaches on the backup pages, as a person reads it: null for "all", else how many
/// servers of that kind remain in the chosen list. Pages show it so that a limited view never looks like missing
/// data.</summary>
public sealed record ScopeReach(int? ProductionServers, int? StorageServers)
{
    public static ScopeReach Of(AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(
            scope.ProductionServers.IsAll ? null : scope.ProductionServers.Ids.Count,
            scope.StorageServers.IsAll ? null : scope.StorageServers.Ids.Count);
    }

    public bool IsLimited => ProductionServers is not null || StorageServers is not null;

    /// <summary>True when the scope leaves no server of a kind, so every schedule, point and log is hidden.</summary>
    public bool HidesEverything => ProductionServers == 0 || StorageServers == 0;

    /// <summary>"Your access is limited to 2 production servers and 1 storage server.", or null when nothing is
    /// limited. <paramref name="servers"/>/<paramref name="storages"/> choose the kinds that matter on a page.</summary>
    public string? Describe(bool servers = true, bool storages = true)
    {
        var parts = new List<string>(2);
        if (servers && ProductionServers is { } p)
        {
            parts.Add(Count(p, "production server"));
        }

        if (storages && StorageServers is { } s)
        {
            parts.Add(Count(s, "storage server"));
        }

        return parts.Count == 0 ? null : $"Your access is limited to {string.Join(" and ", parts)}.";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
