using System.Linq.Expressions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Backup;

/// <summary>Reads of the Servers, Storages and Schedules pages, each filtered by the actor's scope in its SQL
/// (<see cref="BackupScope"/>) and refused without the page permission.</summary>
public sealed class InventoryQueries(IDbContextFactory<UserConsoleDbContext> contextFactory)
{
    /// <summary>Page permissions whose pages list production servers by name (filters, dialogs).</summary>
    private static readonly string[] PagesNamingServers =
        [Permissions.ViewServersPage, Permissions.ViewSchedulesPage, Permissions.ViewPointsPage, Permissions.ViewBackupLogsPage, Permissions.ViewMonitorPage];

    private static readonly string[] PagesNamingStorages =
        [Permissions.ViewStoragesPage, Permissions.ViewSchedulesPage, Permissions.ViewMonitorPage];

    public async Task<Result<Paged<ServerRow>>> ListServersAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await contextFactory.ReadAsync(by, Permissions.ViewServersPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var visibleSchedules = db.Schedules.VisibleTo(scope);
            return await PageAsync(db.ProductionServers.AsNoTracking().VisibleTo(scope), scope, page,
                servers => page.SortBy switch
                {
                    "Host" => servers.SortedBy(s => s.Host, page),
                    "OperatingSystem" => servers.SortedBy(s => s.OperatingSystem, page),
                    "Status" => servers.SortedBy(s => s.Status, page),
                    _ => servers.SortedBy(s => s.Name, page),
                },
                s => new ServerRow(s.Id, s.Name, s.Host, s.OperatingSystem, s.Status,
                    visibleSchedules.Count(x => x.ProductionServerId == s.Id), s.ConcurrencyStamp),
                r => r with { Can = BackupRules.ServerCapabilities(actor) }, BackupRules.MayCreateServer(actor),
                cancellationToken);
        }, cancellationToken);
    }

    public async Task<Result<Paged<StorageRow>>> ListStoragesAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await contextFactory.ReadAsync(by, Permissions.ViewStoragesPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var visibleSchedules = db.Schedules.VisibleTo(scope);
            return await PageAsync(db.StorageServers.AsNoTracking().VisibleTo(scope), scope, page,
                storages => page.SortBy switch
                {
                    "Kind" => storages.SortedBy(s => s.Kind, page),
                    "CapacityBytes" => storages.SortedBy(s => s.CapacityBytes, page),
                    "UsedBytes" => storages.SortedBy(s => s.UsedBytes, page),
                    _ => storages.SortedBy(s => s.Name, page),
                },
                s => new StorageRow(s.Id, s.Name, s.Kind, s.CapacityBytes, s.UsedBytes,
                    visibleSchedules.Count(x => x.StorageServerId == s.Id), s.ConcurrencyStamp),
                r => r with { Can = BackupRules.StorageCapabilities(actor) }, BackupRules.MayCreateStorage(actor),
                cancellationToken);
        }, cancellationToken);
    }

    public async Task<Result<Paged<ScheduleRow>>> ListSchedulesAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await contextFactory.ReadAsync(by, Permissions.ViewSchedulesPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            return await PageAsync(db.Schedules.AsNoTracking().VisibleTo(scope), scope, page,
                schedules => page.SortBy switch
                {
                    "ProductionServerName" => schedules.SortedBy(s => s.ProductionServer.Name, page),
                    "StorageServerName" => schedules.SortedBy(s => s.StorageServer.Name, page),
                    "State" => schedules.SortedBy(s => s.State, page),
                    "LastRunAt" => schedules.SortedBy(s => s.LastRunAt, page),
                    _ => schedules.SortedBy(s => s.Name, page),
                },
                s => new ScheduleRow(s.Id, s.Name, s.ProductionServerId, s.ProductionServer.Name, s.StorageServerId, s.StorageServer.Name,
                    s.Type, s.CronExpression, s.RetentionCount, s.Enabled, s.State, s.LastRunAt, s.LastStatus, s.ConcurrencyStamp),
                r => r with { Can = BackupRules.ScheduleCapabilities(actor, r.Name, r.State == ScheduleState.Running) },
                Capability.From(BackupRules.Require(actor, Permissions.CreateSchedules)),
                cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Names of the production servers in scope, for filters and choices. Allowed to anyone holding a page
    /// permission that shows production servers; <paramref name="pagePermission"/> is the page asking.</summary>
    public async Task<Result<Scoped<NamedItem>>> ListServerNamesAsync(ActingUser by, string pagePermission, CancellationToken cancellationToken = default)
    {
        RequireNamingPage(pagePermission, PagesNamingServers, "production servers");

        return await contextFactory.ReadAsync(by, pagePermission, async (db, actor) =>
        {
            return await NamesAsync(db.ProductionServers.AsNoTracking().VisibleTo(actor.Scope), actor.Scope, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Names of the storage servers in scope, for choices (see <see cref="ListServerNamesAsync"/>).</summary>
    public async Task<Result<Scoped<NamedItem>>> ListStorageNamesAsync(ActingUser by, string pagePermission, CancellationToken cancellationToken = default)
    {
        RequireNamingPage(pagePermission, PagesNamingStorages, "storage servers");

        return await contextFactory.ReadAsync(by, pagePermission, async (db, actor) =>
        {
            return await NamesAsync(db.StorageServers.AsNoTracking().VisibleTo(actor.Scope), actor.Scope, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>One page of <paramref name="visible"/>: counted, sorted, paged and projected in the database; ties in
    /// the sort column are broken by id, so consecutive pages neither overlap nor skip a row.</summary>
    /// <remarks>Each row is then given what the actor may do to it (<paramref name="withCapabilities"/>), and the page
    /// whether they may add to it (<paramref name="create"/>).</remarks>
    private static async Task<Paged<TRow>> PageAsync<T, TRow>(IQueryable<T> visible, AccessScope scope, PageRequest page,
        Func<IQueryable<T>, IOrderedQueryable<T>> sort, Expression<Func<T, TRow>> row, Func<TRow, TRow> withCapabilities, Capability create,
        CancellationToken cancellationToken)
        where T : InventoryItem
    {
        var total = await visible.CountAsync(cancellationToken);
        var rows = await sort(visible).ThenBy(s => s.Id)
            .Skip(page.Skip).Take(page.Take)
            .Select(row)
            .ToListAsync(cancellationToken);
        return new Paged<TRow>([.. rows.Select(withCapabilities)], total, ScopeReach.Of(scope)) { Create = create };
    }

    private static async Task<Scoped<NamedItem>> NamesAsync<T>(IQueryable<T> visible, AccessScope scope, CancellationToken cancellationToken)
        where T : InventoryItem
    {
        var rows = await visible
            .OrderBy(s => s.Name)
            .Select(s => new NamedItem(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        return new Scoped<NamedItem>(rows, ScopeReach.Of(scope));
    }

    // A programmer error: a page that shows no such names asks for them.
    private static void RequireNamingPage(string pagePermission, string[] pages, string names)
    {
        ArgumentException.ThrowIfNullOrEmpty(pagePermission);
        if (!pages.Contains(pagePermission, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{pagePermission}' is not a page that names {names}.", nameof(pagePermission));
        }
    }
}

internal static class PageSorting
{
    /// <summary>Orders by <paramref name="key"/> in the page's direction.</summary>
    public static IOrderedQueryable<T> SortedBy<T, TKey>(this IQueryable<T> items, Expression<Func<T, TKey>> key, PageRequest page) =>
        page.Descending ? items.OrderByDescending(key) : items.OrderBy(key);
}
