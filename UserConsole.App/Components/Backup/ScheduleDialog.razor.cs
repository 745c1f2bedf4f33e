
namespace UserConsole.App.Components.Backup;

public partial class ScheduleDialog(ScheduleService schedules, InventoryQueries queries, TimeProvider clock)
{
    private IReadOnlyList<NamedItem>? _servers;
    private IReadOnlyList<NamedItem>? _storages;

    /// <summary>The schedule to edit; null to create one.</summary>
    [Parameter]
    public ScheduleRow? Schedule { get; set; }

    protected override string SavedName => Input.Name;

    private string CronHelp => ScheduleCron.NextAfter(Input.CronExpression ?? "", clock.GetUtcNow().UtcDateTime) is { } next
        ? $"Minute hour day month weekday. Next run: {BackupFormat.When(next)}"
        : "Minute hour day month weekday, e.g. 0 2 * * * (every day at 02:00 UTC)";

    protected override async Task OnInitializedAsync()
    {
        if (Schedule is { } schedule)
        {
            Edit(new ScheduleInput
            {
                Name = schedule.Name, ProductionServerId = schedule.ProductionServerId, StorageServerId = schedule.StorageServerId,
                Type = schedule.Type, CronExpression = schedule.CronExpression, RetentionCount = schedule.RetentionCount, Enabled = schedule.Enabled,
                ConcurrencyStamp = schedule.ConcurrencyStamp,
            });
        }

        var by = await Session.GetAsync();
        var servers = await queries.ListServerNamesAsync(by, Permissions.ViewSchedulesPage);
        var storages = await queries.ListStorageNamesAsync(by, Permissions.ViewSchedulesPage);
        Errors.Accept(servers.Error ?? storages.Error);
        _servers = servers.Succeeded ? servers.Value.Items : [];
        _storages = storages.Succeeded ? storages.Value.Items : [];
    }

    protected override async Task<DomainError?> SubmitAsync(ActingUser by) => Schedule is { } schedule
        ? (await schedules.UpdateAsync(by, schedule.Id, Input)).Error
        : (await schedules.CreateAsync(by, Input)).Error;
}
