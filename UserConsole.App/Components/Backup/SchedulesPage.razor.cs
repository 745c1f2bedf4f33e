using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class SchedulesPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.Schedule, ChangeKind.ProductionServer, ChangeKind.StorageServer];

    private readonly Func<GridState<ScheduleRow>, CancellationToken, Task<GridData<ScheduleRow>>> _load;
    private MudDataGrid<ScheduleRow>? _grid;
    private ScopeSummary? _scope;
    private string? _error;
    private bool _loading = true;

    public SchedulesPage() => _load = LoadAsync;

    [Inject]
    private InventoryQueries Queries { get; set; } = default!;

    [Inject]
    private ScheduleService Schedules { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private static int[] PageSizes => BackupPaging.PageSizes;

    private string EmptyText => _scope is { HidesEverything: true }
        ? _scope.Describe()!
        : "No schedules yet.";

    private async Task<GridData<ScheduleRow>> LoadAsync(GridState<ScheduleRow> state, CancellationToken cancellationToken)
    {
        _loading = true;
        try
        {
            var result = await Queries.ListSchedulesAsync(await Session.GetAsync(), BackupPaging.From(state), cancellationToken);
            _error = result.Error?.Message;
            _scope = result.Succeeded ? result.Value.Scope : null;
            return result.Succeeded
                ? new GridData<ScheduleRow> { Items = result.Value.Items, TotalItems = result.Value.TotalCount }
                : new GridData<ScheduleRow>();
        }
        finally
        {
            _loading = false;
            StateHasChanged();
        }
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private string NextRun(ScheduleRow schedule) =>
        !schedule.Enabled ? "Disabled"
        : ScheduleCron.NextAfter(schedule.CronExpression, Clock.GetUtcNow().UtcDateTime) is { } next ? $"Next: {BackupFormat.When(next)}"
        : "Never runs";

    private async Task RunNowAsync(ScheduleRow schedule)
    {
        var result = await Schedules.RunNowAsync(await Session.GetAsync(), schedule.Id);
        Snackbar.Add(result.Succeeded ? $"{schedule.Name} started. Follow it on the Logs page." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task StopAsync(ScheduleRow schedule)
    {
        var result = await Schedules.StopAsync(await Session.GetAsync(), schedule.Id);
        Snackbar.Add(result.Succeeded ? $"{schedule.Name} stopped." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<ScheduleDialog>("Create schedule", ScheduleDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Schedule {name} created.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(ScheduleRow schedule)
    {
        var parameters = new DialogParameters<ScheduleDialog> { { d => d.Schedule, schedule } };
        var dialog = await Dialogs.ShowAsync<ScheduleDialog>($"Edit {schedule.Name}", parameters, ScheduleDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Schedule {name} saved.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(ScheduleRow schedule)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete schedule",
            $"Delete the schedule {schedule.Name}? Its backup points and job logs are deleted too.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Schedules.DeleteAsync(await Session.GetAsync(), schedule.Id);
        Snackbar.Add(result.Succeeded ? $"Schedule {schedule.Name} deleted." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }
}
