using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class StoragesPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.StorageServer, ChangeKind.Schedule];

    private readonly Func<GridState<StorageRow>, CancellationToken, Task<GridData<StorageRow>>> _load;
    private MudDataGrid<StorageRow>? _grid;
    private ScopeSummary? _scope;
    private string? _error;
    private bool _loading = true;

    public StoragesPage() => _load = LoadAsync;

    [Inject]
    private InventoryQueries Queries { get; set; } = default!;

    [Inject]
    private InventoryAdministration Administration { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private static int[] PageSizes => BackupPaging.PageSizes;

    private string EmptyText => _scope is { StorageServers: 0 }
        ? _scope.Describe(servers: false)!
        : "No storage servers yet.";

    private async Task<GridData<StorageRow>> LoadAsync(GridState<StorageRow> state, CancellationToken cancellationToken)
    {
        _loading = true;
        try
        {
            var result = await Queries.ListStoragesAsync(await Session.GetAsync(), BackupPaging.From(state), cancellationToken);
            _error = result.Error?.Message;
            _scope = result.Succeeded ? result.Value.Scope : null;
            return result.Succeeded
                ? new GridData<StorageRow> { Items = result.Value.Items, TotalItems = result.Value.TotalCount }
                : new GridData<StorageRow>();
        }
        finally
        {
            _loading = false;
            StateHasChanged();
        }
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<StorageDialog>("Create storage", StorageDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Storage server {name} created.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(StorageRow storage)
    {
        var parameters = new DialogParameters<StorageDialog> { { d => d.Storage, storage } };
        var dialog = await Dialogs.ShowAsync<StorageDialog>($"Edit {storage.Name}", parameters, StorageDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Storage server {name} saved.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(StorageRow storage)
    {
        var consequence = storage.ScheduleCount == 0
            ? "No schedule writes to it."
            : $"The {BackupFormat.Count(storage.ScheduleCount, "schedule")} writing to it, with their backup points and job logs, are deleted too.";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete storage", $"Delete the storage server {storage.Name}? {consequence}",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Administration.DeleteStorageAsync(await Session.GetAsync(), storage.Id);
        Snackbar.Add(result.Succeeded ? $"Storage server {storage.Name} deleted." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private static double UsedPercent(StorageRow storage) =>
        storage.CapacityBytes <= 0 ? 0 : Math.Min(100, 100.0 * storage.UsedBytes / storage.CapacityBytes);

    private static Color UsedColor(StorageRow storage) => UsedPercent(storage) switch
    {
        >= 90 => Color.Error,
        >= 75 => Color.Warning,
        _ => Color.Primary,
    };
}
