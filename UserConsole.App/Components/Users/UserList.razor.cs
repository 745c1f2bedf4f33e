using UserConsole.App.Components.Shared;
using UserConsole.Domain.Roles;

namespace UserConsole.App.Components.Users;

/// <summary>The users grid: paged, sorted, searched and filtered by the domain service in the database. It
/// refreshes itself (keeping page, sort and filters) when any user or role changes, here or in another session.</summary>
public sealed partial class UserList(
    UserAdministration users, RoleAdministration roles, SessionUser session, IDialogService dialogs, ISnackbar snackbar, TimeProvider clock,
    StepUp stepUp)
{
    private static readonly Dictionary<string, UserSortField> SortFields = new(StringComparer.Ordinal)
    {
        [nameof(UserListItem.UserName)] = UserSortField.UserName,
        [nameof(UserListItem.FullName)] = UserSortField.FullName,
        [nameof(UserListItem.Company)] = UserSortField.Company,
        [nameof(UserListItem.Email)] = UserSortField.Email,
        [nameof(UserListItem.RoleName)] = UserSortField.Role,
        [nameof(UserListItem.ProductionServers)] = UserSortField.Access,
        [nameof(UserListItem.TwoFactorEnabled)] = UserSortField.TwoFactor,
        [nameof(UserListItem.IsEnabled)] = UserSortField.Status,
        [nameof(UserListItem.LastSignInAt)] = UserSortField.LastSignIn,
    };

    private MudDataGrid<UserListItem>? _grid;
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
    }

    private async Task OnChangesAsync(IReadOnlyList<DomainChange> _)
    {
        await LoadRolesAsync();

        await ReloadAsync();
    }

    private Guid? _shownRoleFilter;

    protected override async Task OnParametersSetAsync()
    {
        if (_grid is not null && RoleFilter != _shownRoleFilter)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>Reloads the current page, keeping sort, filters and paging (after a change here or elsewhere).</summary>
    public Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private async Task<GridData<UserListItem>> LoadAsync(GridState<UserListItem> state, CancellationToken cancellationToken)
    {
        _now = clock.GetUtcNow().UtcDateTime;
        _shownRoleFilter = RoleFilter;
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new UserListQuery
        {
            Page = state.Page,
            PageSize = state.PageSize,
            Search = _search,
            Sort = sort is not null && SortFields.TryGetValue(sort.SortBy, out var field) ? field : UserSortField.UserName,
            Descending = sort?.Descending ?? false,
            RoleId = RoleFilter,
            Enabled = _enabled,
            TwoFactorEnabled = _twoFactor switch { TwoFactorFilter.On => true, TwoFactorFilter.Off => false, _ => null },
            TwoFactorRequiredNotSetUp = _twoFactor == TwoFactorFilter.RequiredNotSetUp,
        };
        var result = await users.ListAsync(await session.GetAsync(), query, cancellationToken);
        _error = result.Error?.Message;
        return result.Succeeded
            ? new GridData<UserListItem> { Items = result.Value.Items, TotalItems = result.Value.TotalCount }
            : new GridData<UserListItem> { Items = [], TotalItems = 0 };
    }

    private string RoleName(Guid? id) => id is null ? "All roles" : _roles.FirstOrDefault(r => r.Id == id)?.Name ?? "";

    private async Task OnSearchChangedAsync(string? text)
    {
        _search = text;
        await ReloadAsync();
    }

    private async Task OnRoleChangedAsync(Guid? roleId)
    {
        RoleFilter = roleId;
        await RoleFilterChanged.InvokeAsync(roleId);
        await ReloadAsync();
    }

    private async Task OnStatusChangedAsync(bool? enabled)
    {
        _enabled = enabled;
        await ReloadAsync();
    }

    private async Task OnTwoFactorChangedAsync(TwoFactorFilter on)
    {
        _twoFactor = on;
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
}
