
namespace UserConsole.App.Components.Backup;

public partial class SchedulesPage(InventoryQueries queries, ScheduleService schedules, TimeProvider clock)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.Schedule, ChangeKind.ProductionServer, ChangeKind.StorageServer];

    private string EmptyText => Scope is { HidesEverything: true }
        ? Scope.Describe()!
        : "No schedules yet.";

    protected override Task<Result<Paged<ScheduleRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken) =>
        queries.ListSchedulesAsync(by, page, cancellationToken);

    private string NextRun(ScheduleRow schedule) =>
        !schedule.Enabled ? "Disabled"
        : ScheduleCron.NextAfter(schedule.CronExpression, clock.GetUtcNow().UtcDateTime) is { } next ? $"Next: {BackupFormat.When(next)}"
        : "Never runs";

    private Task RunNowAsync(ScheduleRow schedule) =>
        RunAsync(async by => (await schedules.RunNowAsync(by, schedule.Id)).Error, $"{schedule.Name} started. Follow it on the Logs page.");

    private Task StopAsync(ScheduleRow schedule) =>
        RunAsync(async by => (await schedules.StopAsync(by, schedule.Id)).Error, $"{schedule.Name} stopped.");

    private Task CreateAsync() => CreateWithAsync<ScheduleDialog>("Create schedule", "Schedule");

    private Task EditAsync(ScheduleRow schedule) =>
        EditWithAsync(schedule.Name, new DialogParameters<ScheduleDialog> { { d => d.Schedule, schedule } }, "Schedule");

    private Task DeleteAsync(ScheduleRow schedule) =>
        ConfirmAndRunAsync("Delete schedule", $"Delete the schedule {schedule.Name}? Its backup points and job logs are deleted too.", "Delete",
            async by => (await schedules.DeleteAsync(by, schedule.Id)).Error, $"Schedule {schedule.Name} deleted.");
}
