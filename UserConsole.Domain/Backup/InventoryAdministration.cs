using System.Globalization;
using FluentValidation;

namespace UserConsole.Domain.Backup;

/// <summary>Creates, changes and deletes production servers and storage servers (create_/edit_/delete_servers,
/// create_/edit_/delete_storages). Edits and deletions reach only servers in the actor's scope. Deleting a server
/// deletes its schedules with their points and logs; users whose chosen scope named it keep a chosen scope (the
/// join row goes, the mode stays), so they see one server fewer, never all of them. Every refusal is audited.</summary>
public sealed class InventoryAdministration(
    OperationFactory operations,
    IValidator<ServerInput> serverValidator,
    IValidator<StorageInput> storageValidator)
{
    private static OperationSpec ServerSpec(string action, string permission) => new(action, "ProductionServer", permission, BackupRules.StaleServer);

    private static OperationSpec StorageSpec(string action, string permission) => new(action, "StorageServer", permission, BackupRules.StaleStorage);

    public async Task<Result<int>> CreateServerAsync(ActingUser by, ServerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, ServerSpec("server.create", Permissions.CreateServers), new AuditTarget(null, input.Name), cancellationToken,
            Asked(input));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await op.RefuseIfAsync(BackupRules.NewServerStaysInCreatorsScope(op.Actor)
            ?? Validation.FirstError(serverValidator, input)
            ?? await ServerNameFreeAsync(op, input.Name, null)) is { } refused)
        {
            return refused;
        }

        var server = new ProductionServer(input.Name, input.Host, input.OperatingSystem, input.Status, op.Now);
        return await op.CommitNewAsync(server, ChangeKind.ProductionServer, () => (server.Id, server.Name, ServerChanges(null, server))) is { } failed
            ? failed
            : server.Id;
    }

    public async Task<Result> UpdateServerAsync(ActingUser by, int serverId, ServerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, ServerSpec("server.update", Permissions.EditServers), AuditTarget.Of(serverId, input.Name), cancellationToken,
            Asked(input));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var server = await op.Db.ProductionServers.VisibleTo(op.Actor.Scope).SingleOrDefaultAsync(s => s.Id == serverId, cancellationToken);
        if (await op.RefuseIfAsync(Validation.FirstError(serverValidator, input)
            ?? (server is null ? BackupRules.ServerNotFound : null)
            ?? BackupRules.EditedVersionIsCurrent(server!.ConcurrencyStamp, input.ConcurrencyStamp, BackupRules.StaleServer)
            ?? await ServerNameFreeAsync(op, input.Name, serverId)) is { } refused)
        {
            return refused;
        }

        var before = ServerChanges(server!, null);
        server!.Update(input.Name, input.Host, input.OperatingSystem, input.Status);
        op.About(server.Id, server.Name).Changed(ChangeKind.ProductionServer, server.Id, ChangeAction.Updated);
        return await op.CommitAsync(ChangeSet.Between(before, ServerChanges(null, server))) is { } failed ? failed : Result.Success;
    }

    public async Task<Result> DeleteServerAsync(ActingUser by, int serverId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, ServerSpec("server.delete", Permissions.DeleteServers), AuditTarget.Of(serverId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var server = await op.Db.ProductionServers.VisibleTo(op.Actor.Scope).SingleOrDefaultAsync(s => s.Id == serverId, cancellationToken);
        if (server is null)
        {
            return await op.RefuseAsync(BackupRules.ServerNotFound);
        }

        var schedules = await op.Db.Schedules.Where(s => s.ProductionServerId == serverId).Select(s => s.Id).ToListAsync(cancellationToken);
        op.Db.ProductionServers.Remove(server);
        op.About(server.Id, server.Name).Changed(ChangeKind.ProductionServer, serverId, ChangeAction.Deleted);
        return await op.CommitAsync(WithDeletedSchedules(op, ServerChanges(server, null), schedules), BackupRules.ServerNotFound) is { } failed
            ? failed
            : Result.Success;
    }

    public async Task<Result<int>> CreateStorageAsync(ActingUser by, StorageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, StorageSpec("storage.create", Permissions.CreateStorages), new AuditTarget(null, input.Name), cancellationToken,
            Asked(input));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await op.RefuseIfAsync(BackupRules.NewStorageStaysInCreatorsScope(op.Actor)
            ?? Validation.FirstError(storageValidator, input)
            ?? await StorageNameFreeAsync(op, input.Name, null)) is { } refused)
        {
            return refused;
        }

        var storage = new StorageServer(input.Name, input.Kind, input.CapacityBytes, 0, op.Now);
        return await op.CommitNewAsync(storage, ChangeKind.StorageServer, () => (storage.Id, storage.Name, StorageChanges(null, storage))) is { } failed
            ? failed
            : storage.Id;
    }

    public async Task<Result> UpdateStorageAsync(ActingUser by, int storageId, StorageInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, StorageSpec("storage.update", Permissions.EditStorages), AuditTarget.Of(storageId, input.Name), cancellationToken,
            Asked(input));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var storage = await op.Db.StorageServers.VisibleTo(op.Actor.Scope).SingleOrDefaultAsync(s => s.Id == storageId, cancellationToken);
        if (await op.RefuseIfAsync(Validation.FirstError(storageValidator, input)
            ?? (storage is null ? BackupRules.StorageNotFound : null)
            ?? BackupRules.EditedVersionIsCurrent(storage!.ConcurrencyStamp, input.ConcurrencyStamp, BackupRules.StaleStorage)
            ?? await StorageNameFreeAsync(op, input.Name, storageId)) is { } refused)
        {
            return refused;
        }

        var before = StorageChanges(storage!, null);
        storage!.Update(input.Name, input.Kind, input.CapacityBytes);
        op.About(storage.Id, storage.Name).Changed(ChangeKind.StorageServer, storage.Id, ChangeAction.Updated);
        return await op.CommitAsync(ChangeSet.Between(before, StorageChanges(null, storage))) is { } failed ? failed : Result.Success;
    }

    public async Task<Result> DeleteStorageAsync(ActingUser by, int storageId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, StorageSpec("storage.delete", Permissions.DeleteStorages), AuditTarget.Of(storageId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var storage = await op.Db.StorageServers.VisibleTo(op.Actor.Scope).SingleOrDefaultAsync(s => s.Id == storageId, cancellationToken);
        if (storage is null)
        {
            return await op.RefuseAsync(BackupRules.StorageNotFound);
        }

        var schedules = await op.Db.Schedules.Where(s => s.StorageServerId == storageId).Select(s => s.Id).ToListAsync(cancellationToken);
        op.Db.StorageServers.Remove(storage);
        op.About(storage.Id, storage.Name).Changed(ChangeKind.StorageServer, storageId, ChangeAction.Deleted);
        return await op.CommitAsync(WithDeletedSchedules(op, StorageChanges(storage, null), schedules), BackupRules.StorageNotFound) is { } failed
            ? failed
            : Result.Success;
    }

    private static async Task<DomainError?> ServerNameFreeAsync(Operation op, string name, int? except) =>
        await op.Db.ProductionServers.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == name && s.Id != except, op.CancellationToken)
            ? BackupRules.ServerNameTaken(name)
            : null;

    private static async Task<DomainError?> StorageNameFreeAsync(Operation op, string name, int? except) =>
        await op.Db.StorageServers.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == name && s.Id != except, op.CancellationToken)
            ? BackupRules.StorageNameTaken(name)
            : null;

    /// <summary>The schedules a deletion takes with it: counted in the audit entry and announced to open pages.</summary>
    private static ChangeSet WithDeletedSchedules(Operation op, ChangeSet changes, List<int> scheduleIds)
    {
        foreach (var id in scheduleIds)
        {
            op.Changed(ChangeKind.Schedule, id, ChangeAction.Deleted);
        }

        return changes.Add("Schedules", scheduleIds.Count.ToString(CultureInfo.InvariantCulture), null);
    }

    /// <summary>What was asked for, for the audit entry of a refusal.</summary>
    private static ChangeSet Asked(ServerInput input) => new ChangeSet()
        .Add("Name", null, input.Name).Add("Host", null, input.Host).Add("OperatingSystem", null, input.OperatingSystem).Add("Status", null, input.Status.ToString());

    private static ChangeSet Asked(StorageInput input) => new ChangeSet()
        .Add("Name", null, input.Name).Add("Kind", null, input.Kind.ToString())
        .Add("CapacityBytes", null, input.CapacityBytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>A server's audited fields: as "before" when <paramref name="before"/> is given, else as "after".</summary>
    private static ChangeSet ServerChanges(ProductionServer? before, ProductionServer? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("Host", before?.Host, after?.Host)
        .Add("OperatingSystem", before?.OperatingSystem, after?.OperatingSystem)
        .Add("Status", before?.Status.ToString(), after?.Status.ToString());

    private static ChangeSet StorageChanges(StorageServer? before, StorageServer? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("Kind", before?.Kind.ToString(), after?.Kind.ToString())
        .Add("CapacityBytes", before?.CapacityBytes.ToString(CultureInfo.InvariantCulture), after?.CapacityBytes.ToString(CultureInfo.InvariantCulture));
}
