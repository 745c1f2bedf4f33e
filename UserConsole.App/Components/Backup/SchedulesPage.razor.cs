using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class SchedulesPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.Schedule, ChangeKind.ProductionServer, ChangeKind.StorageServer];

    [Inject]
    private InventoryQueries Queries { get; set; } = default!;

    [Inject]
    private ScheduleService Schedules { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string EmptyText => Scope is { HidesEverything: true }
        ? Scope.Describe()!
        : "No schedules yet.";

    protected override Task<Result<Paged<ScheduleRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken) =>
        Queries.ListSchedulesAsync(by, page, cancellationToken);

    private string NextRun(ScheduleRow schedule) =>
        !schedule.Enabled ? "Disabled"
        : ScheduleCron.NextAfter(schedule.CronExpression, Clock.GetUtcNow().UtcDateTime) is { } next ? $"Next: {BackupFormat.When(next)}"
        : "Never runs";

    private Task RunNowAsync(ScheduleRow schedule) =>
        RunAsync(async by => (await Schedules.RunNowAsync(by, schedule.Id)).Error, $"{schedule.Name} started. Follow it on the Logs page.");

    private Task StopAsync(ScheduleRow schedule) =>
        RunAsync(async by => (await Schedules.StopAsync(by, schedule.Id)).Error, $"{schedule.Name} stopped.");

    private Task CreateAsync() =>
        OpenDialogAsync<ScheduleDialog>("Create schedule", [], ScheduleDialog.Options, name => $"Schedule {name} created.");

    private Task EditAsync(ScheduleRow schedule) =>
        OpenDialogAsync<ScheduleDialog>($"Edit {schedule.Name}", new DialogParameters<ScheduleDialog> { { d => d.Schedule, schedule } }, ScheduleDialog.Options,
            name => $"Schedule {name} saved.");

    private Task DeleteAsync(ScheduleRow schedule) =>
        ConfirmAndRunAsync("Delete schedule", $"Delete the schedule {schedule.Name}? Its backup points and job logs are deleted too.", "Delete",
            async by => (await Schedules.DeleteAsync(by, schedule.Id)).Error, $"Schedule {schedule.Name} deleted.");
}
