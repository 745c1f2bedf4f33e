using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using UserConsole.App.Live;
using UserConsole.App.Security;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Profile;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Users;

namespace UserConsole.App.Components.Users;

/// <summary>The Edit page of one user: details with unsaved-changes awareness, and the account actions, each as
/// the domain service allows them (view-only without edit_users). When someone else changes or deletes the user
/// while the page is open, the page says so and offers to reload; nothing is overwritten.</summary>
public sealed partial class UserEditPage : IDisposable
{
    private IDisposable? _subscription;

    private UserDetails? _details;
    private UserFormOptions? _options;
    private UpdateUserInput _input = new();
    private string _original = "";
    private EditContext _editContext = default!;
    private IReadOnlyDictionary<string, string>? _serverErrors;
    private string? _loadError;
    private string? _error;
    private string? _conflict;
    private bool _saving;
    private bool _busy;
    private DateTime _now;

    [Parameter]
    public Guid UserId { get; set; }

    [Inject]
    private UserAdministration Users { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private bool IsDirty => _details is not null && !string.Equals(Fingerprint(_input), _original, StringComparison.Ordinal);

    private IReadOnlyList<RoleOption> RoleChoices =>
        _options is null || _details is null ? []
        : _options.AssignableRoles.Any(r => r.Id == _details.RoleId) ? _options.AssignableRoles
        : [.. _options.AssignableRoles, new RoleOption(_details.RoleId, _details.RoleName, null, false)];

    [Inject]
    private IChangeFeed Feed { get; set; } = default!;

    [Inject]
    private TwoFactorService TwoFactor { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        _subscription?.Dispose();
        if (RendererInfo.IsInteractive)
        {
            var id = UserId.ToString();
            _subscription = Feed.Subscribe(c => c.Kind == ChangeKind.User && c.EntityId == id && c.OriginSessionId != Session.SessionId, OnChangedElsewhereAsync);
        }
    }

    private Task OnChangedElsewhereAsync(IReadOnlyList<DomainChange> changes) => InvokeAsync(async () =>
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

        StateHasChanged();
    });

    public void Dispose() => _subscription?.Dispose();

    private async Task LoadAsync()
    {
        var by = await Session.GetAsync();
        var details = await Users.GetAsync(by, UserId);
        var options = await Users.GetFormOptionsAsync(by);
        if (!details.Succeeded || !options.Succeeded)
        {
            _loadError = (details.Error ?? options.Error)!.Message;
            return;
        }

        _now = Clock.GetUtcNow().UtcDateTime;
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
        _editContext = new EditContext(_input);
        _serverErrors = null;
        _error = null;
        _conflict = null;
    }

    private static string Fingerprint(UpdateUserInput input) => string.Join('\u001f',
        input.UserName, input.Email, input.RoleId, input.FullName ?? "", input.Company ?? "",
        string.Join(',', input.ProductionServerIds.Order()), string.Join(',', input.StorageServerIds.Order()));

    private async Task ReloadAsync() => await LoadAsync();

    private void ResetForm()
    {
        if (_details is not null)
        {
            _ = LoadAsync();
        }
    }

    private async Task SaveAsync()
    {
        if (_saving || _details is null)
        {
            return;
        }

        _saving = true;
        _error = null;
        try
        {
            var result = await Users.UpdateAsync(await Session.GetAsync(), _input);
            if (result.Succeeded)
            {
                Snackbar.Add($"User '{_input.UserName}' saved", Severity.Success);
                await LoadAsync();
                return;
            }

            ShowRefusal(result.Error!);
        }
        finally
        {
            _saving = false;
        }
    }

    private void ShowRefusal(DomainError error)
    {
        if (error == UserRules.StaleUser)
        {
            _conflict = error.Message;
        }
        else if (error.Property is { } property)
        {
            _serverErrors = new Dictionary<string, string> { [property] = error.Message };
        }
        else
        {
            _error = error.Message;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!IsDirty || _saving)
        {
            return;
        }

        var leave = await Dialogs.ShowMessageBoxAsync("Discard unsaved changes?",
            $"Your changes to {_details!.UserName} are not saved.", yesText: "Discard", cancelText: "Keep editing");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }

    private async Task RunAsync(Func<ActingUser, Task<Result>> action, string success)
    {
        _busy = true;
        try
        {
            var result = await action(await Session.GetAsync());
            if (result.Succeeded)
            {
                Snackbar.Add(success, Severity.Success);
                await LoadAsync();
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
                if (result.Error == UserRules.StaleUser)
                {
                    _conflict = result.Error.Message;
                }
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;

    private async Task DisableAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Disable user '{name}'?", $"{name} is signed out everywhere and cannot sign in until enabled again.", "Disable user"))
        {
            await RunAsync(by => Users.DisableAsync(by, UserId, _details.ConcurrencyStamp), $"User '{name}' disabled");
        }
    }

    private async Task EnableAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Enable user '{name}'?", $"{name} can sign in again.", "Enable user"))
        {
            await RunAsync(by => Users.EnableAsync(by, UserId, _details.ConcurrencyStamp), $"User '{name}' enabled");
        }
    }

    private async Task ResetPasswordAsync()
    {
        var name = _details!.UserName;
        if (!await ConfirmAsync($"Reset the password of '{name}'?",
                $"A new one-time password replaces the current one, and {name} is signed out everywhere.", "Reset password"))
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Users.ResetPasswordAsync(await Session.GetAsync(), UserId, _details.ConcurrencyStamp);
            if (!result.Succeeded)
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
                return;
            }

            Snackbar.Add($"Password reset for '{name}'", Severity.Success);
            var dialog = await Dialogs.ShowAsync<OneTimePasswordDialog>($"New password for {name}",
                new DialogParameters<OneTimePasswordDialog>
                {
                    { d => d.UserName, result.Value.UserName },
                    { d => d.Password, result.Value.Password },
                },
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
            await dialog.Result;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DisableTwoFactorAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Disable 2FA for '{name}'?",
                $"{name} signs in with the password alone until they enable two-factor authentication again on their profile, and is signed out everywhere now.",
                "Disable 2FA"))
        {
            // The same domain operation as the profile's own "Disable 2FA"; an administrator needs no password.
            await RunAsync(async by => (await TwoFactor.DisableAsync(by, UserId, currentPassword: null)).Error is { } error ? error : Result.Success,
                $"2FA disabled for '{name}'");
        }
    }

    private async Task DeleteAsync()
    {
        var name = _details!.UserName;
        if (!await ConfirmAsync($"Delete user '{name}'?", $"{name} ({_details.Email}) will be deleted and signed out everywhere. This cannot be undone.", "Delete"))
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Users.DeleteAsync(await Session.GetAsync(), UserId, _details.ConcurrencyStamp);
            if (result.Succeeded)
            {
                Snackbar.Add($"User '{name}' deleted", Severity.Success);
                _original = Fingerprint(_input);
                Navigation.NavigateTo("/users");
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
