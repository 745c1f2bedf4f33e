using System.Globalization;

namespace UserConsole.App.Components.Backup;

public partial class LogsPage(JobLogQueries logs, InventoryQueries inventory, SessionUser session)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.JobLog];
    private static readonly Dictionary<string, object> TableAttributes = new() { ["aria-label"] = "Job logs" };

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

    // The table's ServerData: one delegate for the page's life, so re-renders do not look like a new source.
    private Func<TableState, CancellationToken, Task<TableData<JobLogRow>>> Load => _load ??= LoadAsync;

    private Func<TableState, CancellationToken, Task<TableData<JobLogRow>>>? _load;

    private bool HasFilters => _status is not null || _serverId is not null || _from is not null || _to is not null;

    private string EmptyText => _scope is { HidesEverything: true } ? _scope.Describe()!
        : HasFilters ? "No job logs match these filters."
        : "No job logs yet.";

    protected override async Task OnInitializedAsync()
    {
        var servers = await inventory.ListServerNamesAsync(await session.GetAsync(), Permissions.ViewBackupLogsPage);
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
            var result = await logs.ListLogsAsync(await session.GetAsync(), CurrentFilter, BackupPaging.From(state), cancellationToken);
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
        var visible = await logs.CountVisibleAsync(await session.GetAsync(), ids, CurrentFilter);
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

    /// <summary>A filter changed: apply <paramref name="change"/>, then show the first page of the new selection.</summary>
    private Task FilterAsync(Action change)
    {
        change();
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
