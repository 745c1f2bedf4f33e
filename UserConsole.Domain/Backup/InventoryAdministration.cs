using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;

namespace UserConsole.Domain.Backup;

/// <summary>Creates, changes and deletes production servers and storage servers (create_/edit_/delete_servers,
/// create_/edit_/delete_storages). Edits and deletions reach only servers in the actor's scope. Deleting a server
/// deletes its schedules with their points and logs; users whose chosen scope named it keep a chosen scope (the
/// join row goes, the mode stays), so they see one server fewer, never all of them.</summary>
public sealed class InventoryAdministration(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IValidator<ServerInput> serverValidator,
    IValidator<StorageInput> storageValidator,
    IChangePublisher changes,
    TimeProvider clock)
{
    private const string ServerType = "ProductionServer";
    private const string StorageType = "StorageServer";

    public async Task<Result<int>> CreateServerAsync(ActingUser by, ServerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.CreateServers, now, "server.create", ServerType, null, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        // A user limited to chosen servers would add one they cannot see (and that nobody could give them but an
        // administrator): adding servers is for users with access to all of them.
        if (!access.Value.Scope.ProductionServers.IsAll)
        {
            return BackupErrors.ServerOutsideCreatorScope;
        }

        if (Validation.FirstError(serverValidator, input) is { } invalid)
        {
            return invalid;
        }

        if (await db.ProductionServers.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == input.Name, cancellationToken))
        {
            return BackupErrors.ServerNameTaken(input.Name);
        }

        var server = new ProductionServer(input.Name, input.Host, input.OperatingSystem, input.Status, now);
        await SaveCreatedAsync(db, server, () => AuditTrail.Succeeded(now, access.Value, "server.create", ServerType, Id(server.Id), server.Name, ServerChanges(null, server)), cancellationToken);
        changes.Publish(new DomainChange(ChangeKind.ProductionServer, Id(server.Id), ChangeAction.Created, by.SessionId));
        return server.Id;
    }

    public async Task<Result> UpdateServerAsync(ActingUser by, int serverId, ServerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.EditServers, now, "server.update", ServerType, serverId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (Validation.FirstError(serverValidator, input) is { } invalid)
        {
            return invalid;
        }

        var server = await db.ProductionServers.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == serverId, cancellationToken);
        if (server is null)
        {
            return BackupErrors.ServerNotFound;
        }

        if (input.ConcurrencyStamp != server.ConcurrencyStamp)
        {
            return BackupErrors.StaleServer;
        }

        if (await db.ProductionServers.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == input.Name && s.Id != serverId, cancellationToken))
        {
            return BackupErrors.ServerNameTaken(input.Name);
        }

        var before = ServerSnapshot.Of(server);
        server.Update(input.Name, input.Host, input.OperatingSystem, input.Status);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "server.update", ServerType, Id(server.Id), server.Name, ServerChanges(before, server)));
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return BackupErrors.StaleServer;
        }

        changes.Publish(new DomainChange(ChangeKind.ProductionServer, Id(server.Id), ChangeAction.Updated, by.SessionId));
        return Result.Success;
    }

    public async Task<Result> DeleteServerAsync(ActingUser by, int serverId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.DeleteServers, now, "server.delete", ServerType, serverId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var server = await db.ProductionServers.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == serverId, cancellationToken);
        if (server is null)
        {
            return BackupErrors.ServerNotFound;
        }

        var scheduleIds = await db.Schedules.Where(s => s.ProductionServerId == serverId).Select(s => s.Id).ToListAsync(cancellationToken);
        db.ProductionServers.Remove(server);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "server.delete", ServerType, Id(server.Id), server.Name,
            ServerChanges(ServerSnapshot.Of(server), null).Add("Schedules", scheduleIds.Count.ToString(CultureInfo.InvariantCulture), null)));
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return BackupErrors.ServerNotFound;
        }

        changes.Publish(new DomainChange(ChangeKind.ProductionServer, Id(serverId), ChangeAction.Deleted, by.SessionId));
        PublishDeletedSchedules(scheduleIds, by);
        return Result.Success;
    }

    public async Task<Result<int>> CreateStorageAsync(ActingUser by, StorageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.CreateStorages, now, "storage.create", StorageType, null, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (!access.Value.Scope.StorageServers.IsAll)
        {
            return BackupErrors.StorageOutsideCreatorScope;
        }

        if (Validation.FirstError(storageValidator, input) is { } invalid)
        {
            return invalid;
        }

        if (await db.StorageServers.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == input.Name, cancellationToken))
        {
            return BackupErrors.StorageNameTaken(input.Name);
        }

        var storage = new StorageServer(input.Name, input.Kind, input.CapacityBytes, 0, now);
        await SaveCreatedAsync(db, storage, () => AuditTrail.Succeeded(now, access.Value, "storage.create", StorageType, Id(storage.Id), storage.Name, StorageChanges(null, storage)), cancellationToken);
        changes.Publish(new DomainChange(ChangeKind.StorageServer, Id(storage.Id), ChangeAction.Created, by.SessionId));
        return storage.Id;
    }

    public async Task<Result> UpdateStorageAsync(ActingUser by, int storageId, StorageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.EditStorages, now, "storage.update", StorageType, storageId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (Validation.FirstError(storageValidator, input) is { } invalid)
        {
            return invalid;
        }

        var storage = await db.StorageServers.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == storageId, cancellationToken);
        if (storage is null)
        {
            return BackupErrors.StorageNotFound;
        }

        if (input.ConcurrencyStamp != storage.ConcurrencyStamp)
        {
            return BackupErrors.StaleStorage;
        }

        if (await db.StorageServers.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == input.Name && s.Id != storageId, cancellationToken))
        {
            return BackupErrors.StorageNameTaken(input.Name);
        }

        var before = StorageSnapshot.Of(storage);
        storage.Update(input.Name, input.Kind, input.CapacityBytes);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "storage.update", StorageType, Id(storage.Id), storage.Name, StorageChanges(before, storage)));
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return BackupErrors.StaleStorage;
        }

        changes.Publish(new DomainChange(ChangeKind.StorageServer, Id(storage.Id), ChangeAction.Updated, by.SessionId));
        return Result.Success;
    }

    public async Task<Result> DeleteStorageAsync(ActingUser by, int storageId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.DeleteStorages, now, "storage.delete", StorageType, storageId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var storage = await db.StorageServers.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == storageId, cancellationToken);
        if (storage is null)
        {
            return BackupErrors.StorageNotFound;
        }

        var scheduleIds = await db.Schedules.Where(s => s.StorageServerId == storageId).Select(s => s.Id).ToListAsync(cancellationToken);
        db.StorageServers.Remove(storage);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "storage.delete", StorageType, Id(storage.Id), storage.Name,
            StorageChanges(StorageSnapshot.Of(storage), null).Add("Schedules", scheduleIds.Count.ToString(CultureInfo.InvariantCulture), null)));
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return BackupErrors.StorageNotFound;
        }

        changes.Publish(new DomainChange(ChangeKind.StorageServer, Id(storageId), ChangeAction.Deleted, by.SessionId));
        PublishDeletedSchedules(scheduleIds, by);
        return Result.Success;
    }

    /// <summary>Inserts a new row and its audit entry (which names the id the database gives it) in one transaction.</summary>
    internal static async Task SaveCreatedAsync(UserConsoleDbContext db, object entity, Func<AuditEntry> audit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEntries.Add(audit());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Saves; false when a concurrency token changed (or the row vanished) since it was read.</summary>
    internal static async Task<bool> TrySaveAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private void PublishDeletedSchedules(IEnumerable<int> scheduleIds, ActingUser by)
    {
        foreach (var id in scheduleIds)
        {
            changes.Publish(new DomainChange(ChangeKind.Schedule, Id(id), ChangeAction.Deleted, by.SessionId));
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static ChangeSet ServerChanges(ServerSnapshot? before, ProductionServer? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("Host", before?.Host, after?.Host)
        .Add("OperatingSystem", before?.OperatingSystem, after?.OperatingSystem)
        .Add("Status", before?.Status.ToString(), after?.Status.ToString());

    private static ChangeSet StorageChanges(StorageSnapshot? before, StorageServer? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("Kind", before?.Kind.ToString(), after?.Kind.ToString())
        .Add("CapacityBytes", before?.CapacityBytes.ToString(CultureInfo.InvariantCulture), after?.CapacityBytes.ToString(CultureInfo.InvariantCulture));

    private sealed record ServerSnapshot(string Name, string Host, string OperatingSystem, ServerStatus Status)
    {
        public static ServerSnapshot Of(ProductionServer s) => new(s.Name, s.Host, s.OperatingSystem, s.Status);
    }

    private sealed record StorageSnapshot(string Name, StorageKind Kind, long CapacityBytes)
    {
        public static StorageSnapshot Of(StorageServer s) => new(s.Name, s.Kind, s.CapacityBytes);
    }
}
