using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class StoragesPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.StorageServer, ChangeKind.Schedule];

    [Inject]
    private InventoryQueries Queries { get; set; } = default!;

    [Inject]
    private InventoryAdministration Administration { get; set; } = default!;

    private string EmptyText => Scope is { StorageServers: 0 }
        ? Scope.Describe(servers: false)!
        : "No storage servers yet.";

    protected override Task<Result<Paged<StorageRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken) =>
        Queries.ListStoragesAsync(by, page, cancellationToken);

    private Task CreateAsync() =>
        OpenDialogAsync<StorageDialog>("Create storage", [], StorageDialog.Options, name => $"Storage server {name} created.");

    private Task EditAsync(StorageRow storage) =>
        OpenDialogAsync<StorageDialog>($"Edit {storage.Name}", new DialogParameters<StorageDialog> { { d => d.Storage, storage } }, StorageDialog.Options,
            name => $"Storage server {name} saved.");

    private Task DeleteAsync(StorageRow storage) =>
        ConfirmAndRunAsync("Delete storage",
            $"Delete the storage server {storage.Name}? " + (storage.ScheduleCount == 0
                ? "No schedule writes to it."
                : $"The {BackupFormat.Count(storage.ScheduleCount, "schedule")} writing to it, with their backup points and job logs, are deleted too."),
            "Delete",
            async by => (await Administration.DeleteStorageAsync(by, storage.Id)).Error,
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
