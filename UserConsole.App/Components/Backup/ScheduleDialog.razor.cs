using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;

namespace UserConsole.App.Components.Backup;

public partial class ScheduleDialog
{
    public static DialogOptions Options { get; } = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private readonly FormErrors _errors = new();
    private ScheduleInput _input = new();
    private EditContext _context = default!;
    private IReadOnlyList<ResourceName>? _servers;
    private IReadOnlyList<ResourceName>? _storages;
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    /// <summary>The schedule to edit; null to create one.</summary>
    [Parameter]
    public ScheduleRow? Schedule { get; set; }

    [Inject]
    private ScheduleService Schedules { get; set; } = default!;

    [Inject]
    private InventoryQueries Queries { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IValidator<ScheduleInput> Validator { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string CronHelp => ScheduleCron.NextAfter(_input.CronExpression ?? "", Clock.GetUtcNow().UtcDateTime) is { } next
        ? $"Minute hour day month weekday. Next run: {BackupFormat.When(next)}"
        : "Minute hour day month weekday, e.g. 0 2 * * * (every day at 02:00 UTC)";

    protected override async Task OnInitializedAsync()
    {
        if (Schedule is { } schedule)
        {
            _input = new ScheduleInput
            {
                Name = schedule.Name, ProductionServerId = schedule.ProductionServerId, StorageServerId = schedule.StorageServerId,
                Type = schedule.Type, CronExpression = schedule.CronExpression, RetentionCount = schedule.RetentionCount, Enabled = schedule.Enabled,
                ConcurrencyStamp = schedule.ConcurrencyStamp,
            };
        }

        _context = new EditContext(_input);
        var by = await Session.GetAsync();
        var servers = await Queries.ListServerNamesAsync(by, Permissions.ViewSchedulesPage);
        var storages = await Queries.ListStorageNamesAsync(by, Permissions.ViewSchedulesPage);
        _errors.Accept(servers.Error ?? storages.Error);
        _servers = servers.Succeeded ? servers.Value.Items : [];
        _storages = storages.Succeeded ? storages.Value.Items : [];
    }

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        _errors.Clear();
        if (!_context.Validate())
        {
            return;
        }

        _saving = true;
        try
        {
            var by = await Session.GetAsync();
            var error = Schedule is { } schedule
                ? (await Schedules.UpdateAsync(by, schedule.Id, _input)).Error
                : (await Schedules.CreateAsync(by, _input)).Error;
            if (_errors.Accept(error))
            {
                MudDialog.Close(DialogResult.Ok(_input.Name));
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
