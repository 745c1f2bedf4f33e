using UserConsole.App.Components.Account;
using UserConsole.App.Components.Shared;
using UserConsole.Domain.Profile;

namespace UserConsole.App.Components.Profile;

/// <summary>The signed-in user's own profile: 2FA, contact details, password, email notifications, and (read-only)
/// role and access. Every save goes through the domain; a password or 2FA change ends the user's other sessions
/// and renews this one with a full page load (a circuit cannot set cookies).</summary>
public sealed partial class ProfilePage(
    ProfileService profiles, TwoFactorService twoFactor, SessionUser session, SessionRenewal renewal, NavigationManager navigation, ISnackbar snackbar)
{
    private static readonly string[] DetailsFields = [nameof(AccountDetailsInput.FullName), nameof(AccountDetailsInput.Company), nameof(AccountDetailsInput.Email)];
    private static readonly string[] PasswordFields = [nameof(ChangePasswordInput.CurrentPassword), nameof(ChangePasswordInput.NewPassword), nameof(ChangePasswordInput.RepeatPassword)];
    private static readonly string[] TwoFactorFields = [nameof(TwoFactorCodeInput.Code), nameof(DisableTwoFactorInput.CurrentPassword)];

    private ProfileView? _profile;
    private string? _loadError;

    private AccountDetailsInput _details = new();
    private readonly FormFeedback _detailsFeedback = new(DetailsFields);
    private bool _savingDetails;

    private ChangePasswordInput _password = new();
    private readonly FormFeedback _passwordFeedback = new(PasswordFields);
    private bool _changingPassword;

    private TwoFactorEnrollment? _enrollment;
    private TwoFactorCodeInput _code = new();
    private DisableTwoFactorInput _disable = new();
    private readonly FormFeedback _twoFactorFeedback = new(TwoFactorFields);
    private bool _twoFactorBusy;

    private NotificationSettings _notifications = new();
    private readonly FormFeedback _notificationsFeedback = new();
    private bool _savingNotifications;

    /// <summary>Set by the sign-in renewal after a password or 2FA change (one of <see cref="ProfileOutcomes"/>).</summary>
    [SupplyParameterFromQuery]
    public string? Done { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync(resetForms: true);

    /// <summary>Any role, or this user changed in another session (this session's own saves reload themselves).</summary>
    private bool IsAccessChange(DomainChange change) => change.Kind == ChangeKind.Role
        || (change.Kind == ChangeKind.User && _profile is { } profile && change.EntityId == profile.UserId.ToString()
            && change.OriginSessionId != session.SessionId);

    private Task RefreshAsync() => LoadAsync(resetForms: false);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && Done is not null)
        {
            if (ProfileOutcomes.Messages.TryGetValue(Done, out var message))
            {
                snackbar.Add(message, Severity.Success);
            }

            navigation.NavigateTo("/profile", new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }

    private async Task LoadAsync(bool resetForms)
    {
        var result = await profiles.GetAsync(await session.GetAsync());
        if (!result.Succeeded)
        {
            _loadError = result.Error!.Message;
            return;
        }

        _profile = result.Value;
        if (resetForms)
        {
            _details = new AccountDetailsInput
            {
                FullName = _profile.FullName,
                Company = _profile.Company,
                Email = _profile.Email,
                ConcurrencyStamp = _profile.ConcurrencyStamp,
            };
            _notifications = _profile.Notifications;
        }
    }

    private async Task SaveDetailsAsync()
    {
        _savingDetails = true;
        try
        {
            var result = await profiles.UpdateDetailsAsync(await session.GetAsync(), _details);
            if (_detailsFeedback.Accept(result.Error))
            {
                Saved(result.Value, "account details");
                await LoadAsync(resetForms: false);
            }
        }
        finally
        {
            _savingDetails = false;
        }
    }

    private async Task SaveNotificationsAsync()
    {
        _savingNotifications = true;
        try
        {
            var result = await profiles.UpdateNotificationsAsync(await session.GetAsync(), _notifications, _details.ConcurrencyStamp);
            if (_notificationsFeedback.Accept(result.Error))
            {
                Saved(result.Value, "notification choices");
            }
        }
        finally
        {
            _savingNotifications = false;
        }
    }

    /// <summary>Both forms save over the same version of the profile: the next save starts from the new one.</summary>
    private void Saved(string concurrencyStamp, string what)
    {
        var changed = !string.Equals(concurrencyStamp, _details.ConcurrencyStamp, StringComparison.Ordinal);
        _details.ConcurrencyStamp = concurrencyStamp;
        snackbar.Add(changed ? $"Your {what} were saved." : $"Nothing to save: your {what} are unchanged.", changed ? Severity.Success : Severity.Info);
    }

    private async Task ChangePasswordAsync()
    {
        _changingPassword = true;
        try
        {
            var result = await profiles.ChangePasswordAsync(await session.GetAsync(), _password);
            if (!_passwordFeedback.Accept(result.Error))
            {
                return;
            }

            if (result.Value is { } change)
            {
                await RenewSignInAsync(change, ProfileOutcomes.PasswordChanged);
                return;
            }

            _password = new ChangePasswordInput();
            snackbar.Add("Your password was kept: the new password was left blank.", Severity.Info);
        }
        finally
        {
            _changingPassword = false;
        }
    }

    private async Task StartEnrollmentAsync() =>
        await RunTwoFactorAsync(async by =>
        {
            var result = await twoFactor.BeginEnrollmentAsync(by);
            _enrollment = result.Succeeded ? result.Value : null;
            _code = new TwoFactorCodeInput();
            return result.Error;
        });

    private async Task ConfirmEnrollmentAsync() =>
        await RunTwoFactorAsync(async by =>
        {
            var result = await twoFactor.ConfirmEnrollmentAsync(by, _enrollment!.Secret, _code.Code);
            if (result.Succeeded)
            {
                await RenewSignInAsync(result.Value, ProfileOutcomes.TwoFactorEnabled);
            }

            return result.Error;
        });

    private void CancelEnrollment()
    {
        _enrollment = null;
        _twoFactorFeedback.Clear();
    }

    private async Task DisableTwoFactorAsync() =>
        await RunTwoFactorAsync(async by =>
        {
            var result = await twoFactor.DisableAsync(by, by.UserId, _disable.CurrentPassword);
            if (result.Succeeded)
            {
                await RenewSignInAsync(result.Value, ProfileOutcomes.TwoFactorDisabled);
            }

            return result.Error;
        });

    private async Task RunTwoFactorAsync(Func<Domain.Access.ActingUser, Task<DomainError?>> operation)
    {
        _twoFactorBusy = true;
        try
        {
            _twoFactorFeedback.Accept(await operation(await session.GetAsync()));
        }
        finally
        {
            _twoFactorBusy = false;
        }
    }

    /// <summary>The security stamp changed (the user's other sessions end); a full page load through the renewal
    /// endpoint gives this browser a new cookie and comes back here with <paramref name="outcome"/>.</summary>
    private async Task RenewSignInAsync(CredentialChange change, string outcome)
    {
        var address = await renewal.CreateAddressAsync(change, $"/profile?done={outcome}");
        navigation.NavigateTo(address ?? $"{AccountPaths.Login}?reason=credentials-changed", forceLoad: true);
    }
}
