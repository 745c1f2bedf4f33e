using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class ServersPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.ProductionServer, ChangeKind.Schedule];

    private readonly Func<GridState<ServerRow>, CancellationToken, Task<GridData<ServerRow>>> _load;
    private MudDataGrid<ServerRow>? _grid;
    private ScopeSummary? _scope;
    private string? _error;
    private bool _loading = true;

    public ServersPage() => _load = LoadAsync;

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

    private string EmptyText => _scope is { ProductionServers: 0 }
        ? _scope.Describe(storages: false)!
        : "No production servers yet.";

    private async Task<GridData<ServerRow>> LoadAsync(GridState<ServerRow> state, CancellationToken cancellationToken)
    {
        _loading = true;
        try
        {
            var result = await Queries.ListServersAsync(await Session.GetAsync(), BackupPaging.From(state), cancellationToken);
            _error = result.Error?.Message;
            _scope = result.Succeeded ? result.Value.Scope : null;
            return result.Succeeded
                ? new GridData<ServerRow> { Items = result.Value.Items, TotalItems = result.Value.TotalCount }
                : new GridData<ServerRow>();
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
        var dialog = await Dialogs.ShowAsync<ServerDialog>("Create server", ServerDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Production server {name} created.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(ServerRow server)
    {
        var parameters = new DialogParameters<ServerDialog> { { d => d.Server, server } };
        var dialog = await Dialogs.ShowAsync<ServerDialog>($"Edit {server.Name}", parameters, ServerDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Production server {name} saved.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(ServerRow server)
    {
        var consequence = server.ScheduleCount == 0
            ? "It has no schedules."
            : $"Its {BackupFormat.Count(server.ScheduleCount, "schedule")}, with their backup points and job logs, are deleted too.";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete server", $"Delete the production server {server.Name}? {consequence}",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Administration.DeleteServerAsync(await Session.GetAsync(), server.Id);
        Snackbar.Add(result.Succeeded ? $"Production server {server.Name} deleted." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private static Color StatusColor(ServerStatus status) => status switch
    {
        ServerStatus.Online => Color.Success,
        ServerStatus.Maintenance => Color.Warning,
        _ => Color.Default,
    };
}
