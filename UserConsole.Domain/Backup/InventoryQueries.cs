using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;

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
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewServersPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var scope = access.Value.Scope;
        var servers = db.ProductionServers.AsNoTracking().VisibleTo(scope);
        var total = await servers.CountAsync(cancellationToken);
        var sorted = page.SortBy switch
        {
            "Host" => page.Descending ? servers.OrderByDescending(s => s.Host) : servers.OrderBy(s => s.Host),
            "OperatingSystem" => page.Descending ? servers.OrderByDescending(s => s.OperatingSystem) : servers.OrderBy(s => s.OperatingSystem),
            "Status" => page.Descending ? servers.OrderByDescending(s => s.Status) : servers.OrderBy(s => s.Status),
            _ => page.Descending ? servers.OrderByDescending(s => s.Name) : servers.OrderBy(s => s.Name),
        };
        var visibleSchedules = db.Schedules.VisibleTo(scope);
        var rows = await sorted.ThenBy(s => s.Id)
            .Skip(page.Skip).Take(page.Take)
            .Select(s => new ServerRow(s.Id, s.Name, s.Host, s.OperatingSystem, s.Status,
                visibleSchedules.Count(x => x.ProductionServerId == s.Id), s.ConcurrencyStamp))
            .ToListAsync(cancellationToken);
        return new Paged<ServerRow>(rows, total, ScopeReach.Of(scope));
    }

    public async Task<Result<Paged<StorageRow>>> ListStoragesAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewStoragesPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var scope = access.Value.Scope;
        var storages = db.StorageServers.AsNoTracking().VisibleTo(scope);
        var total = await storages.CountAsync(cancellationToken);
        var sorted = page.SortBy switch
        {
            "Kind" => page.Descending ? storages.OrderByDescending(s => s.Kind) : storages.OrderBy(s => s.Kind),
            "CapacityBytes" => page.Descending ? storages.OrderByDescending(s => s.CapacityBytes) : storages.OrderBy(s => s.CapacityBytes),
            "UsedBytes" => page.Descending ? storages.OrderByDescending(s => s.UsedBytes) : storages.OrderBy(s => s.UsedBytes),
            _ => page.Descending ? storages.OrderByDescending(s => s.Name) : storages.OrderBy(s => s.Name),
        };
        var visibleSchedules = db.Schedules.VisibleTo(scope);
        var rows = await sorted.ThenBy(s => s.Id)
            .Skip(page.Skip).Take(page.Take)
            .Select(s => new StorageRow(s.Id, s.Name, s.Kind, s.CapacityBytes, s.UsedBytes,
                visibleSchedules.Count(x => x.StorageServerId == s.Id), s.ConcurrencyStamp))
            .ToListAsync(cancellationToken);
        return new Paged<StorageRow>(rows, total, ScopeReach.Of(scope));
    }

    public async Task<Result<Paged<ScheduleRow>>> ListSchedulesAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewSchedulesPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var scope = access.Value.Scope;
        var schedules = db.Schedules.AsNoTracking().VisibleTo(scope);
        var total = await schedules.CountAsync(cancellationToken);
        var sorted = page.SortBy switch
        {
            "ProductionServerName" => page.Descending ? schedules.OrderByDescending(s => s.ProductionServer.Name) : schedules.OrderBy(s => s.ProductionServer.Name),
            "StorageServerName" => page.Descending ? schedules.OrderByDescending(s => s.StorageServer.Name) : schedules.OrderBy(s => s.StorageServer.Name),
            "State" => page.Descending ? schedules.OrderByDescending(s => s.State) : schedules.OrderBy(s => s.State),
            "LastRunAt" => page.Descending ? schedules.OrderByDescending(s => s.LastRunAt) : schedules.OrderBy(s => s.LastRunAt),
            _ => page.Descending ? schedules.OrderByDescending(s => s.Name) : schedules.OrderBy(s => s.Name),
        };
        var rows = await sorted.ThenBy(s => s.Id)
            .Skip(page.Skip).Take(page.Take)
            .Select(s => new ScheduleRow(s.Id, s.Name, s.ProductionServerId, s.ProductionServer.Name, s.StorageServerId, s.StorageServer.Name,
                s.Type, s.CronExpression, s.RetentionCount, s.Enabled, s.State, s.LastRunAt, s.LastStatus, s.ConcurrencyStamp))
            .ToListAsync(cancellationToken);
        return new Paged<ScheduleRow>(rows, total, ScopeReach.Of(scope));
    }

    /// <summary>Names of the production servers in scope, for filters and choices. Allowed to anyone holding a page
    /// permission that shows production servers; <paramref name="pagePermission"/> is the page asking.</summary>
    public async Task<Result<Scoped<NamedItem>>> ListServerNamesAsync(ActingUser by, string pagePermission, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pagePermission);
        if (!PagesNamingServers.Contains(pagePermission, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{pagePermission}' is not a page that names production servers.", nameof(pagePermission));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, pagePermission, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rows = await db.ProductionServers.AsNoTracking().VisibleTo(access.Value.Scope)
            .OrderBy(s => s.Name)
            .Select(s => new NamedItem(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        return new Scoped<NamedItem>(rows, ScopeReach.Of(access.Value.Scope));
    }

    /// <summary>Names of the storage servers in scope, for choices (see <see cref="ListServerNamesAsync"/>).</summary>
    public async Task<Result<Scoped<NamedItem>>> ListStorageNamesAsync(ActingUser by, string pagePermission, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pagePermission);
        if (!PagesNamingStorages.Contains(pagePermission, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{pagePermission}' is not a page that names storage servers.", nameof(pagePermission));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, pagePermission, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rows = await db.StorageServers.AsNoTracking().VisibleTo(access.Value.Scope)
            .OrderBy(s => s.Name)
            .Select(s => new NamedItem(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        return new Scoped<NamedItem>(rows, ScopeReach.Of(access.Value.Scope));
    }
}
