using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using UserConsole.App.Live;
using UserConsole.App.Security;
using UserConsole.Domain;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Roles;

namespace UserConsole.App.Components.Roles;

/// <summary>Creates a role (no <see cref="RoleId"/>) or edits one. Closes with the saved role's name; the caller
/// says so in a snackbar. Every rule stays in <see cref="RoleAdministration"/>: this only shows its answers.</summary>
public sealed partial class RoleDialog : IDisposable
{
    private static readonly string[] FormFields = [nameof(RoleInput.Name), nameof(RoleInput.Description)];

    private IDisposable? _subscription;
    private RoleInput _input = new();
    private EditContext? _editContext;
    private PermissionSelection? _selection;
    private IReadOnlyDictionary<string, string>? _fieldErrors;
    private string? _alert;
    private string? _loadedName;
    private bool _stale;
    private bool _loading;
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private RoleAdministration Roles { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IChangeFeed Feed { get; set; } = default!;

    /// <summary>The role to edit; null to create one.</summary>
    [Parameter]
    public Guid? RoleId { get; set; }

    private string Title => RoleId is null ? "Create user role"
        : _loadedName is null ? "Role"
        : _selection is { IsReadOnly: true } ? $"Role '{_loadedName}'"
        : $"Edit role '{_loadedName}'";

    protected override async Task OnInitializedAsync()
    {
        if (RoleId is null)
        {
            _input = new RoleInput();
            _selection = new PermissionSelection([], await EditorPermissionsAsync());
            _editContext = new EditContext(_input);
            return;
        }

        await LoadAsync(RoleId.Value);
        if (RendererInfo.IsInteractive)
        {
            var id = RoleId.Value.ToString();
            _subscription = Feed.Subscribe(c => c.Kind == ChangeKind.Role && c.EntityId == id && c.OriginSessionId != Session.SessionId, OnChangedElsewhereAsync);
        }
    }

    /// <summary>Someone else saved or deleted this role while it is open: say so at once rather than at Save. A
    /// read-only view simply shows the new state; typed edits are never replaced without the person's Reload.</summary>
    private Task OnChangedElsewhereAsync(IReadOnlyList<DomainChange> changes) => InvokeAsync(async () =>
    {
        if (changes.Any(c => c.Action == ChangeAction.Deleted))
        {
            _alert = "This role was deleted by someone else.";
            _stale = false;
        }
        else if (_selection is { IsReadOnly: true })
        {
            await LoadAsync(RoleId!.Value);
        }
        else
        {
            _alert = RoleRules.StaleRole.Message;
            _stale = true;
        }

        StateHasChanged();
    });

    public void Dispose() => _subscription?.Dispose();

    private async Task LoadAsync(Guid roleId)
    {
        _loading = true;
        var result = await Roles.GetAsync(await Session.GetAsync(), roleId);
        _loading = false;
        if (!result.Succeeded)
        {
            _alert = result.Error!.Message;
            _selection = null;
            return;
        }

        var role = result.Value;
        _loadedName = role.Name;
        _input = new UpdateRoleInput
        {
            RoleId = role.Id,
            ConcurrencyStamp = role.ConcurrencyStamp,
            Name = role.Name,
            Description = role.Description,
            Permissions = [.. role.Permissions],
        };
        _selection = new PermissionSelection(role.Permissions, await EditorPermissionsAsync(), role.Edit.Allowed ? null : role.Edit.Reason);
        _editContext = new EditContext(_input);
        _fieldErrors = null;
        _alert = null;
        _stale = false;
    }

    /// <summary>The permissions of the person editing, from the session's claims (loaded from the database for
    /// every request and refreshed in the circuit). They only decide which boxes are enabled; the service checks.</summary>
    private async Task<IReadOnlySet<string>> EditorPermissionsAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        return state?.User.FindAll(UserConsoleClaims.Permission).Select(c => c.Value).ToHashSet(StringComparer.Ordinal)
            ?? new HashSet<string>(StringComparer.Ordinal);
    }

    private void OnToggle(PermissionToggle toggle) => _selection?.Set(toggle.Keys, toggle.Checked);

    private async Task SubmitAsync()
    {
        if (_saving || _selection is null or { IsReadOnly: true } || _editContext is null || !_editContext.Validate())
        {
            return;
        }

        _saving = true;
        _alert = null;
        _stale = false;
        try
        {
            _input.Permissions = _selection.Keys;
            var by = await Session.GetAsync();
            var error = _input is UpdateRoleInput update
                ? (await Roles.UpdateAsync(by, update)).Error
                : (await Roles.CreateAsync(by, _input)).Error;
            if (error is null)
            {
                MudDialog.Close(DialogResult.Ok(_input.Name.Trim()));
                return;
            }

            Show(error);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>A refusal about a field goes next to it; anything else (a stale edit with its Reload action,
    /// permissions beyond the editor's, a role deleted meanwhile) to the alert at the top.</summary>
    private void Show(DomainError error)
    {
        if (error.Property is { } property && FormFields.Contains(property, StringComparer.Ordinal))
        {
            _fieldErrors = new Dictionary<string, string> { [property] = error.Message };
            return;
        }

        _alert = error.Message;
        _stale = error.Code == RoleRules.StaleRole.Code;
    }

    private Task ReloadAsync() => LoadAsync(RoleId!.Value);

    private void Cancel() => MudDialog.Cancel();
}
