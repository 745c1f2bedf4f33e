using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class LogsPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.JobLog];
    private static readonly Dictionary<string, object> TableAttributes = new() { ["aria-label"] = "Job logs" };

    private readonly Func<TableState, CancellationToken, Task<TableData<JobLogRow>>> _load;
    private readonly HashSet<long> _expanded = [];
    private MudTable<JobLogRow>? _table;
    private IReadOnlyList<NamedItem> _servers = [];
    private ScopeReach? _scope;
    private JobStatus? _status;
    private int? _serverId;
    private DateTime? _from;
    private DateTime? _to;
    private int _page;
    private int _newEntries;
    private string? _error;
    private bool _loading = true;
    private bool _liveReload;

    public LogsPage() => _load = LoadAsync;

    [Inject]
    private JobLogQueries Logs { get; set; } = default!;

    [Inject]
    private InventoryQueries Inventory { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    private bool HasFilters => _status is not null || _serverId is not null || _from is not null || _to is not null;

    private string EmptyText => _scope is { HidesEverything: true } ? _scope.Describe()!
        : HasFilters ? "No job logs match these filters."
        : "No job logs yet.";

    protected override async Task OnInitializedAsync()
    {
        var servers = await Inventory.ListServerNamesAsync(await Session.GetAsync(), Permissions.ViewBackupLogsPage);
        _servers = servers.Succeeded ? servers.Value.Items : [];
    }

    private LogFilter CurrentFilter => new(_status, _serverId,
        _from is { } from ? DateOnly.FromDateTime(from) : null,
        _to is { } to ? DateOnly.FromDateTime(to) : null);

    private async Task<TableData<JobLogRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        // A live reload keeps the table as it is until the new rows arrive (no progress bar, no jump).
        _loading = !_liveReload;
        try
        {
            var result = await Logs.ListLogsAsync(await Session.GetAsync(), CurrentFilter, BackupPaging.From(state), cancellationToken);
            _error = result.Error?.Message;
            _scope = result.Succeeded ? result.Value.Scope : null;
            _page = state.Page;
            if (_page == 0)
            {
                _newEntries = 0;
            }

            return result.Succeeded
                ? new TableData<JobLogRow> { Items = result.Value.Items, TotalItems = result.Value.TotalCount }
                : new TableData<JobLogRow> { Items = [] };
        }
        finally
        {
            _loading = false;
            StateHasChanged();
        }
    }

    // Changes of jobs this page shows (in scope and matching the filters) reload the first page at once; on later
    // pages they are counted as new entries. Jobs of other servers cost one small query and no reload.
    private async Task OnLiveChangesAsync(IReadOnlyList<DomainChange> changes)
    {
        if (_table is null)
        {
            return;
        }

        var jobs = changes.Where(c => c.Kind == ChangeKind.JobLog).ToList();
        var relevant = changes.Any(c => c.Kind != ChangeKind.JobLog || c.Action == ChangeAction.Deleted)
            || await CountVisibleAsync(jobs.Select(c => c.EntityId)) > 0;
        if (!relevant)
        {
            return;
        }

        if (_page == 0)
        {
            _liveReload = true;
            try
            {
                await _table.ReloadServerData();
            }
            finally
            {
                _liveReload = false;
            }
        }
        else
        {
            _newEntries += await CountVisibleAsync(jobs.Where(c => c.Action == ChangeAction.Created).Select(c => c.EntityId));
        }
    }

    private async Task<int> CountVisibleAsync(IEnumerable<string> jobIds)
    {
        var ids = jobIds.Select(id => long.Parse(id, CultureInfo.InvariantCulture)).Distinct().ToList();
        var visible = await Logs.CountVisibleAsync(await Session.GetAsync(), ids, CurrentFilter);
        return visible.Succeeded ? visible.Value : 0;
    }

    private async Task ShowNewestAsync()
    {
        _newEntries = 0;
        if (_table is not null)
        {
            _table.NavigateTo(0);
            await _table.ReloadServerData();
        }
    }

    private Task StatusChangedAsync(JobStatus? status)
    {
        _status = status;
        return FiltersChangedAsync();
    }

    private Task ServerChangedAsync(int? serverId)
    {
        _serverId = serverId;
        return FiltersChangedAsync();
    }

    private Task FromChangedAsync(DateTime? from)
    {
        _from = from;
        return FiltersChangedAsync();
    }

    private Task ToChangedAsync(DateTime? to)
    {
        _to = to;
        return FiltersChangedAsync();
    }

    private Task ClearFiltersAsync()
    {
        (_status, _serverId, _from, _to) = (null, null, null, null);
        return FiltersChangedAsync();
    }

    private Task FiltersChangedAsync()
    {
        _expanded.Clear();
        return ShowNewestAsync();
    }

    private void Toggle(long id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    private static string LinesId(long id) => $"log-lines-{id}";

    private static string LastLine(JobLogRow row) => row.Lines.Count > 0 ? row.Lines[^1] : "";

    private static string StatusText(JobStatus? status) => status is { } value ? BackupFormat.Name(value) : "All statuses";

    private string ServerText(int? id) => id is { } value ? _servers.FirstOrDefault(s => s.Id == value)?.Name ?? "" : "All servers";
}
