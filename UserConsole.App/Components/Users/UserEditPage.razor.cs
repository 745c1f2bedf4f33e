using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using UserConsole.App.Components.Shared;
using UserConsole.Domain.Profile;

namespace UserConsole.App.Components.Users;

/// <summary>The Edit page of one user: details with unsaved-changes awareness, and the account actions, each as
/// the domain service allows them (view-only without edit_users). When someone else changes or deletes the user
/// while the page is open, the page says so and offers to reload; nothing is overwritten.</summary>
public sealed partial class UserEditPage(
    UserAdministration users, TwoFactorService twoFactor, SessionUser session, IDialogService dialogs, ISnackbar snackbar,
    NavigationManager navigation, TimeProvider clock, StepUp stepUp)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.User];

    private readonly FormFeedback _feedback = FormFeedback.For<UserFields>();
    private UserDetails? _details;
    private UserFormOptions? _options;
    private UpdateUserInput _input = new();
    private string _original = "";
    private string _storedAccessKey = "";
    private int _impactRound;
    private EditContext _editContext = default!;
    private string? _loadError;
    private string? _conflict;
    private bool _saving;
    private bool _busy;
    private DateTime _now;

    [Parameter]
    public Guid UserId { get; set; }

    private bool IsDirty => _details is not null && !string.Equals(Fingerprint(_input), _original, StringComparison.Ordinal);

    private IReadOnlyList<RoleOption> RoleChoices =>
        _options is null || _details is null ? []
        : _options.AssignableRoles.Any(r => r.Id == _details.RoleId) ? _options.AssignableRoles
        : [.. _options.AssignableRoles, new RoleOption(_details.RoleId, _details.RoleName, null, false)];

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task OnChangedElsewhereAsync(IReadOnlyList<DomainChange> changes)
    {
        if (changes.Any(c => c.Action == ChangeAction.Deleted))
        {
            _conflict = "This user was deleted by someone else.";
        }
        else if (IsDirty)
        {
            _conflict = "This user was changed by someone else. Reload to see the changes.";
        }
        else
        {
            // Nothing typed here yet: show the new state straight away.
            await LoadAsync();
            _conflict = "This user was changed by someone else; the page shows the changes.";
        }
    }

    private async Task LoadAsync()
    {
        var by = await session.GetAsync();
        var details = await users.GetAsync(by, UserId);
        var options = await users.GetFormOptionsAsync(by);
        if (!details.Succeeded || !options.Succeeded)
        {
            _loadError = (details.Error ?? options.Error)!.Message;
            return;
        }

        _now = clock.GetUtcNow().UtcDateTime;
        _details = details.Value;
        _options = options.Value;
        _input = new UpdateUserInput
        {
            UserId = _details.Id,
            ConcurrencyStamp = _details.ConcurrencyStamp,
            UserName = _details.UserName,
            Email = _details.Email,
            RoleId = _details.RoleId,
            FullName = _details.FullName,
            Company = _details.Company,
            ProductionServerIds = [.. _details.ProductionServers.Select(s => s.Id)],
            StorageServerIds = [.. _details.StorageServers.Select(s => s.Id)],
        };
        _original = Fingerprint(_input);
        _storedAccessKey = AccessKey(_input);
        _editContext = new EditContext(_input);
        _feedback.Clear();
        _conflict = null;
    }

    private static string Fingerprint(UpdateUserInput input) => string.Join('\u001f',
        input.UserName, input.Email, input.RoleId, input.FullName ?? "", input.Company ?? "",
        string.Join(',', input.ProductionServerIds.Order()), string.Join(',', input.StorageServerIds.Order()));

    // Role and scope as the form holds them: what the impact notice is about.
    private static string AccessKey(UpdateUserInput input) => string.Join('\u001f',
        input.RoleId, string.Join(',', input.ProductionServerIds.Order()), string.Join(',', input.StorageServerIds.Order()));

    private async Task DiscardChangesAsync()
    {
        if (_details is not null)
        {
            await LoadAsync();
        }
    }

    private async Task SaveAsync()
    {
        if (_saving || _details is null)
        {
            return;
        }

        _saving = true;
        _feedback.Clear();
        try
        {
            // Assigning a role that administers users or roles needs a fresh proof: the domain says when.
            Result? result = null;
            var error = await stepUp.RunAsync(await session.GetAsync(), async by => (result = await users.UpdateAsync(by, _input)).Error, askFirst: false);
            if (StepUp.IsCancelled(error))
            {
                return;
            }

            if (result!.Succeeded)
            {
                snackbar.Add($"User '{_input.UserName}' saved", Severity.Success);
                await LoadAsync();
            }
            else if (result.Error?.Code == UserRules.ImpactChangedCode)
            {
                // The notice shows the new impact; the next Save confirms it.
                _feedback.Accept(result.Error);
                _impactRound++;
            }
            else if (!_feedback.Accept(result.Error) && _feedback.IsStale)
            {
                // A stale save is said at the top of the page, with its Reload.
                _conflict = _feedback.General;
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!IsDirty || _saving)
        {
            return;
        }

        var leave = await dialogs.ShowMessageBoxAsync("Discard unsaved changes?",
            $"Your changes to {_details!.UserName} are not saved.", yesText: "Discard", cancelText: "Keep editing");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }
}
