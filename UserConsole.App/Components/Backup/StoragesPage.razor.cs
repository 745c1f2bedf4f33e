
namespace UserConsole.App.Components.Backup;

public partial class StoragesPage(InventoryQueries queries, InventoryAdministration administration)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.StorageServer, ChangeKind.Schedule];

    private string EmptyText => Scope is { StorageServers: 0 }
        ? Scope.Describe(servers: false)!
        : "No storage servers yet.";

    protected override Task<Result<Paged<StorageRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken) =>
        queries.ListStoragesAsync(by, page, cancellationToken);

    private Task CreateAsync() => CreateWithAsync<StorageDialog>("Create storage", "Storage server");

    private Task EditAsync(StorageRow storage) =>
        EditWithAsync(storage.Name, new DialogParameters<StorageDialog> { { d => d.Storage, storage } }, "Storage server");

    private Task DeleteAsync(StorageRow storage) =>
        ConfirmAndRunAsync("Delete storage",
            $"Delete the storage server {storage.Name}? " + (storage.ScheduleCount == 0
                ? "No schedule writes to it."
                : $"The {BackupFormat.Count(storage.ScheduleCount, "schedule")} writing to it, with their backup points and job logs, are deleted too."),
            "Delete",
            async by => (await administration.DeleteStorageAsync(by, storage.Id)).Error,
            $"Storage server {storage.Name} deleted.");

    private static double UsedPercent(StorageRow storage) =>
        storage.CapacityBytes <= 0 ? 0 : Math.Min(100, 100.0 * storage.UsedBytes / storage.CapacityBytes);

    private static Color UsedColor(StorageRow storage) => UsedPercent(storage) switch
    {
        >= 90 => Color.Error,
        >= 75 => Color.Warning,
        _ => Color.Primary,
    };
}
