using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using UserConsole.App.Components.Shared;
using UserConsole.Domain.Roles;

namespace UserConsole.App.Components.Roles;

/// <summary>Creates a role (no <see cref="RoleId"/>) or edits one. Closes with the saved role's name; the caller
/// says so in a snackbar. Every rule stays in <see cref="RoleAdministration"/>: this only shows its answers.</summary>
public sealed partial class RoleDialog(RoleAdministration roles, SessionUser session, IDialogService dialogs, StepUp stepUp)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.Role];

    private readonly FormFeedback _feedback = new(nameof(RoleInput.Name), nameof(RoleInput.Description));
    private RoleInput _input = new();
    private EditContext? _editContext;
    private PermissionSelection? _selection;
    private string? _loadedName;
    private bool _loading;
    private bool _saving;
    private bool _toggled;
    private RoleImpact? _impact;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

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
    }

    /// <summary>Someone else saved or deleted this role while it is open: say so at once rather than at Save. A
    /// read-only view simply shows the new state; typed edits are never replaced without the person's Reload.</summary>
    private async Task OnChangedElsewhereAsync(IReadOnlyList<DomainChange> changes)
    {
        if (changes.Any(c => c.Action == ChangeAction.Deleted))
        {
            _feedback.ShowGeneral("This role was deleted by someone else.");
        }
        else if (_selection is { IsReadOnly: true })
        {
            await LoadAsync(RoleId!.Value);
        }
        else
        {
            _feedback.Accept(RoleRules.StaleRole);
        }
    }

    private async Task LoadAsync(Guid roleId)
    {
        _loading = true;
        var result = await roles.GetAsync(await session.GetAsync(), roleId);
        _loading = false;
        if (!result.Succeeded)
        {
            _feedback.ShowGeneral(result.Error!.Message);
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
            RequireTwoFactor = role.RequiresTwoFactor,
        };
        _selection = new PermissionSelection(role.Permissions, await EditorPermissionsAsync(), role.Edit.Allowed ? null : role.Edit.Reason);
        _editContext = new EditContext(_input);
        _toggled = false;
        _feedback.Clear();
        await RefreshImpactAsync();
    }

    /// <summary>Who gains and loses what with the boxes as they are now (editing only), from the domain.</summary>
    private async Task RefreshImpactAsync()
    {
        if (_input is not UpdateRoleInput update || _selection is null or { IsReadOnly: true })
        {
            _impact = null;
            return;
        }

        // only the answer for the boxes as they are now is shown (toggles may overlap on an asynchronous database)
        var asked = ++_impactAsked;
        var result = await roles.GetImpactAsync(await session.GetAsync(), update.RoleId, _selection.Keys);
        if (asked == _impactAsked)
        {
            _impact = result.Succeeded ? result.Value : null;
        }
    }

    private int _impactAsked;

    /// <summary>The permissions of the person editing, from the session's claims (loaded from the database for
    /// every request and refreshed in the circuit). They only decide which boxes are enabled; the service checks.</summary>
    private async Task<IReadOnlySet<string>> EditorPermissionsAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        return state?.User.FindAll(UserConsoleClaims.Permission).Select(c => c.Value).ToHashSet(StringComparer.Ordinal)
            ?? new HashSet<string>(StringComparer.Ordinal);
    }

    private async Task OnToggle(PermissionToggle toggle)
    {
        _selection?.Set(toggle.Keys, toggle.Checked);
        _toggled = true;

        // the matrix shows the box and the count at once (it renders when this yields); the impact (a database read)
        // follows with this dialog's next render
        await Task.Yield();
        await RefreshImpactAsync();
        StateHasChanged();
    }

    private async Task SubmitAsync()
    {
        if (_saving || _selection is null or { IsReadOnly: true } || _editContext is null || !_editContext.Validate())
        {
            return;
        }

        _saving = true;
        _feedback.Clear();
        try
        {
            _input.Permissions = _selection.Keys;
            var by = await session.GetAsync();
            if (_input is UpdateRoleInput confirmed)
            {
                confirmed.ConfirmedImpact = _impact?.Fingerprint;
            }

            // Giving a role user or role administration needs a fresh proof: the domain says when.
            var error = await stepUp.RunAsync(by, async acting => _input is UpdateRoleInput update
                ? (await roles.UpdateAsync(acting, update)).Error
                : (await roles.CreateAsync(acting, _input)).Error, askFirst: false);
            if (StepUp.IsCancelled(error))
            {
                return;
            }

            if (_feedback.Accept(error))
            {
                MudDialog.Close(DialogResult.Ok(_input.Name.Trim()));
            }
            else if (error?.Code == RoleRules.ImpactChangedCode)
            {
                // Show the new impact; the next Save confirms it.
                await RefreshImpactAsync();
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private Task ReloadAsync() => LoadAsync(RoleId!.Value);

    private void OnRequireTwoFactorChanged() => _toggled = true;

    private void Cancel() => MudDialog.Cancel();

    // Escape or a click beside the dialog: a read-only view closes at once; typed names or toggled boxes ask first.
    private async Task CloseAsync()
    {
        if (!_saving)
        {
            await DiscardGuard.CloseAsync(MudDialog, dialogs, _selection is { IsReadOnly: false } && (_toggled || _editContext?.IsModified() == true));
        }
    }
}
