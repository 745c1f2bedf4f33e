using Microsoft.AspNetCore.Components.Web;
using UserConsole.App.Components.Shared;
using UserConsole.Domain.Roles;

namespace UserConsole.App.Components.Users;

/// <summary>The users grid: paged, sorted, searched and filtered by the domain service in the database. It
/// refreshes itself (keeping page, sort and filters) when any user or role changes, here or in another session.</summary>
public sealed partial class UserList(
    UserAdministration users, RoleAdministration roles, SessionUser session, IDialogService dialogs, ISnackbar snackbar, TimeProvider clock,
    StepUp stepUp) : IDisposable
{
    /// <summary>A header of the grid: its title, the sort it sets (none: not sortable) and the class of its cells.</summary>
    private sealed record Column(string Title, UserSortField? Sort, string Class = "");

    private static readonly Column[] Columns =
    [
        new("Username", UserSortField.UserName),
        new("Full name", UserSortField.FullName, "col-full-name"),
        new("Company", UserSortField.Company, "col-company"),
        new("Email", UserSortField.Email),
        new("Role", UserSortField.Role),
        new("Access", UserSortField.Access),
        new("2FA", UserSortField.TwoFactor),
        new("Status", UserSortField.Status),
        new("Last sign-in", UserSortField.LastSignIn),
        new("Actions", null),
    ];

    private static readonly MarkupString FirstPageIcon = new(Icons.Material.Filled.FirstPage);
    private static readonly MarkupString PreviousPageIcon = new(Icons.Material.Filled.NavigateBefore);
    private static readonly MarkupString NextPageIcon = new(Icons.Material.Filled.NavigateNext);
    private static readonly MarkupString LastPageIcon = new(Icons.Material.Filled.LastPage);

    // What is shown: one page of the list as the domain returned it, and how it was asked for.
    private IReadOnlyList<UserListItem> _items = [];
    private int _total;
    private int _page;
    private int _pageSize = Paging.PageSizes[0];
    private UserSortField? _sortBy;
    private bool _descending;
    private bool _loading = true;
    private bool _started;
    private CancellationTokenSource? _load;

    private IReadOnlyList<RoleListItem> _roles = [];
    private Capability _create = Capability.Unknown;
    private string? _search;
    private bool? _enabled;
    private TwoFactorFilter _twoFactor;

    /// <summary>The 2FA filter's choices; "required, not set up" are holders of a role that requires 2FA without a second factor.</summary>
    private enum TwoFactorFilter
    {
        Any,
        On,
        Off,
        RequiredNotSetUp,
    }

    private static readonly IReadOnlyList<TwoFactorFilter> TwoFactorChoices = Enum.GetValues<TwoFactorFilter>();
    private static readonly IReadOnlyList<bool?> StatusChoices = [null, true, false];
    private IReadOnlyList<Guid?> _roleChoices = [null];

    private static string StatusName(bool? enabled) => enabled switch { true => "Enabled", false => "Disabled", _ => "All statuses" };

    private static string Describe(TwoFactorFilter filter) => filter switch
    {
        TwoFactorFilter.On => "2FA on",
        TwoFactorFilter.Off => "2FA off",
        TwoFactorFilter.RequiredNotSetUp => "2FA required, not set up",
        _ => "Any 2FA",
    };
    private string? _error;
    private DateTime _now;

    /// <summary>The role whose users are listed (null: every role).</summary>
    [Parameter]
    public Guid? RoleFilter { get; set; }

    [Parameter]
    public EventCallback<Guid?> RoleFilterChanged { get; set; }

    private string EmptyText => !string.IsNullOrWhiteSpace(_search)
        ? $"No users match '{_search.Trim()}'"
        : RoleFilter is not null || _enabled is not null || _twoFactor != TwoFactorFilter.Any ? "No users match these filters" : "No users yet";

    protected override Task OnInitializedAsync() => LoadRolesAsync();

    /// <summary>The roles for the filter, and whether the signed-in user may create a user (either may change live).</summary>
    private async Task LoadRolesAsync()
    {
        var by = await session.GetAsync();
        var create = await users.GetCreateCapabilityAsync(by);
        _create = create.Succeeded ? create.Value : Capability.From(create.Error);
        var list = await roles.ListAsync(by);
        _roles = list.Succeeded ? list.Value : [];
        _roleChoices = [null, .. _roles.Select(r => (Guid?)r.Id)];
    }

    private async Task OnChangesAsync(IReadOnlyList<DomainChange> _)
    {
        await LoadRolesAsync();

        await ReloadAsync();
    }

    private Guid? _shownRoleFilter;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // As MudDataGrid did: the page is read once the circuit is up (not while prerendering).
        if (firstRender)
        {
            _started = true;
            await LoadAsync();
            StateHasChanged();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_started && RoleFilter != _shownRoleFilter)
        {
            _page = 0;
            await LoadAsync();
        }
    }

    /// <summary>Reloads the current page, keeping sort, filters and paging (after a change here or elsewhere).</summary>
    public Task ReloadAsync() => _started ? LoadAsync() : Task.CompletedTask;

    /// <summary>Reads the page asked for; a newer request cancels an older one still running, so the last one asked
    /// for is the one shown. A page beyond the end (users deleted meanwhile) falls back to the last page.</summary>
    private async Task LoadAsync()
    {
        _load?.Cancel();
        using var load = _load = new CancellationTokenSource();
        _loading = true;
        try
        {
            _now = clock.GetUtcNow().UtcDateTime;
            _shownRoleFilter = RoleFilter;
            var by = await session.GetAsync();
            var result = await users.ListAsync(by, Query(), load.Token);
            if (result.Succeeded && result.Value.Items.Count == 0 && _page > 0 && result.Value.TotalCount > 0)
            {
                _page = LastPage(result.Value.TotalCount);
                result = await users.ListAsync(by, Query(), load.Token);
            }

            if (load.IsCancellationRequested)
            {
                return;
            }

            _error = result.Error?.Message;
            _items = result.Succeeded ? result.Value.Items : [];
            _total = result.Succeeded ? result.Value.TotalCount : 0;
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            if (ReferenceEquals(_load, load))
            {
                _load = null;
                _loading = false;
            }
        }
    }

    private UserListQuery Query() => new()
    {
        Page = _page,
        PageSize = _pageSize,
        Search = _search,
        Sort = _sortBy ?? UserSortField.UserName,
        Descending = _sortBy is not null && _descending,
        RoleId = RoleFilter,
        Enabled = _enabled,
        TwoFactorEnabled = _twoFactor switch { TwoFactorFilter.On => true, TwoFactorFilter.Off => false, _ => null },
        TwoFactorRequiredNotSetUp = _twoFactor == TwoFactorFilter.RequiredNotSetUp,
    };

    private static string PageSizeText(int size) => size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private int LastPage(int total) => total == 0 ? 0 : (total - 1) / _pageSize;

    /// <summary>"1-25 of 30", as MudDataGrid's pager writes it.</summary>
    private string PageCaption => _total == 0
        ? "0-0 of 0"
        : $"{(_page * _pageSize) + 1}-{Math.Min((_page + 1) * _pageSize, _total)} of {_total}";

    /// <summary>The pager's buttons with the page each goes to; a button whose page is the current one is disabled.</summary>
    private IEnumerable<(string Label, int Target, MarkupString Icon)> PagerButtons =>
    [
        ("First page", 0, FirstPageIcon),
        ("Previous page", Math.Max(_page - 1, 0), PreviousPageIcon),
        ("Next page", Math.Min(_page + 1, LastPage(_total)), NextPageIcon),
        ("Last page", LastPage(_total), LastPageIcon),
    ];

    private Task GoToPageAsync(int page)
    {
        _page = page;
        return LoadAsync();
    }

    private Task OnPageSizeChangedAsync(int size)
    {
        _pageSize = Paging.NormalizePageSize(size);
        _page = 0;
        return LoadAsync();
    }

    /// <summary>A header's click: ascending first, then it flips; with Alt held it removes the sort (as MudDataGrid).</summary>
    private Task SortAsync(UserSortField field, MouseEventArgs e)
    {
        if (e.AltKey)
        {
            return _sortBy == field ? UnsortAsync() : Task.CompletedTask;
        }

        _descending = _sortBy == field && !_descending;
        _sortBy = field;
        return LoadAsync();
    }

    private Task UnsortAsync()
    {
        _sortBy = null;
        _descending = false;
        return LoadAsync();
    }

    private string? AriaSort(Column column) =>
        column.Sort is { } sort && sort == _sortBy ? (_descending ? "descending" : "ascending") : null;

    private string SortIconClass(UserSortField field) =>
        "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small " +
        (field != _sortBy ? "sort-direction-icon" : _descending ? "sort-direction-icon mud-direction-desc" : "sort-direction-icon mud-direction-asc");

    private string RoleName(Guid? id) => id is null ? "All roles" : _roles.FirstOrDefault(r => r.Id == id)?.Name ?? "";

    private async Task OnSearchChangedAsync(string? text)
    {
        _search = text;
        _page = 0;
        await ReloadAsync();
    }

    private async Task OnRoleChangedAsync(Guid? roleId)
    {
        RoleFilter = roleId;
        _page = 0;
        await RoleFilterChanged.InvokeAsync(roleId);
        await ReloadAsync();
    }

    private async Task OnStatusChangedAsync(bool? enabled)
    {
        _enabled = enabled;
        _page = 0;
        await ReloadAsync();
    }

    private async Task OnTwoFactorChangedAsync(TwoFactorFilter on)
    {
        _twoFactor = on;
        _page = 0;
        await ReloadAsync();
    }

    private async Task CreateAsync()
    {
        var dialog = await dialogs.ShowAsync<CreateUserDialog>("Create user", DiscardGuard.Options());
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(UserListItem user)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync($"Delete user '{user.UserName}'?",
            $"{user.UserName} ({user.Email}) will be deleted and signed out everywhere. This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var error = await stepUp.RunAsync(await session.GetAsync(), async by => (await users.DeleteAsync(by, user.Id, user.ConcurrencyStamp)).Error);
        if (error is null)
        {
            snackbar.Add($"User '{user.UserName}' deleted", Severity.Success);
            await ReloadAsync();
        }
        else if (!StepUp.IsCancelled(error))
        {
            snackbar.Add(error.Message, Severity.Error);
        }
    }

    public void Dispose() => _load?.Cancel();
}
