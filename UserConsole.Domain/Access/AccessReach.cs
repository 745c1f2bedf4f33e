using UserConsole.Domain.Backup;

namespace UserConsole.Domain.Access;

/// <summary>What a scope makes visible, counted with the scope filter of the backup pages: per chosen server or
/// storage, the schedules the user sees on it (server and storage both in scope), their backup points and job logs.
/// Only servers the viewer can see are named; the others of the chosen list are counted.</summary>
internal static class AccessReach
{
    public static async Task<(ScopeReachView Servers, ScopeReachView Storages)> OfAsync(
        UserConsoleDbContext db, AccessScope user, AccessScope viewer, CancellationToken cancellationToken)
    {
        if (user.ProductionServers.IsAll && user.StorageServers.IsAll)
        {
            return (new ScopeReachView(true, [], 0), new ScopeReachView(true, [], 0));
        }

        var counts = await CountsAsync(db, user, cancellationToken);
        var servers = user.ProductionServers.IsAll
            ? new ScopeReachView(true, [], 0)
            : await ViewAsync(db.ProductionServers.AsNoTracking().VisibleTo(viewer).Select(s => new NamedItem(s.Id, s.Name)), user.ProductionServers, viewer.ProductionServers,
                counts.GroupBy(c => c.ServerId), cancellationToken);
        var storages = user.StorageServers.IsAll
            ? new ScopeReachView(true, [], 0)
            : await ViewAsync(db.StorageServers.AsNoTracking().VisibleTo(viewer).Select(s => new NamedItem(s.Id, s.Name)), user.StorageServers, viewer.StorageServers,
                counts.GroupBy(c => c.StorageId), cancellationToken);
        return (servers, storages);
    }

    private sealed record ScheduleCount(int ScheduleId, int ServerId, int StorageId, int Points, int Logs);

    private static async Task<List<ScheduleCount>> CountsAsync(UserConsoleDbContext db, AccessScope scope, CancellationToken cancellationToken)
    {
        var schedules = await db.Schedules.AsNoTracking().VisibleTo(scope)
            .Select(s => new { s.Id, s.ProductionServerId, s.StorageServerId })
            .ToListAsync(cancellationToken);
        var ids = schedules.Select(s => s.Id).ToList();
        var points = await db.BackupPoints.Where(p => ids.Contains(p.ScheduleId)).GroupBy(p => p.ScheduleId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var logs = await db.JobLogs.Where(j => ids.Contains(j.ScheduleId)).GroupBy(j => j.ScheduleId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. schedules.Select(s => new ScheduleCount(s.Id, s.ProductionServerId, s.StorageServerId, points.GetValueOrDefault(s.Id), logs.GetValueOrDefault(s.Id)))];
    }

    private static async Task<ScopeReachView> ViewAsync(
        IQueryable<NamedItem> visibleToViewer, ResourceScope user, ResourceScope viewer, IEnumerable<IGrouping<int, ScheduleCount>> byItem, CancellationToken cancellationToken)
    {
        var counts = byItem.ToDictionary(g => g.Key, g => (Schedules: g.Count(), Points: g.Sum(c => c.Points), Logs: g.Sum(c => c.Logs)));
        var items = await visibleToViewer.ToListAsync(cancellationToken);
        var list = items
            .OrderByDescending(i => user.Allows(i.Id)).ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .Select(i => counts.TryGetValue(i.Id, out var c) && user.Allows(i.Id)
                ? new ReachItem(i.Id, i.Name, true, c.Schedules, c.Points, c.Logs)
                : new ReachItem(i.Id, i.Name, user.Allows(i.Id), 0, 0, 0))
            .ToList();
        var hidden = user.Ids.Count(id => !viewer.Allows(id));
        return new ScopeReachView(false, list, hidden);
    }
}
