using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using UserConsole.App.Components.Account;
using UserConsole.App.Components.Shared;
using UserConsole.Domain.Profile;

namespace UserConsole.App.Components.Profile;

/// <summary>The signed-in user's own profile: 2FA, contact details, password, email notifications, and (read-only)
/// role and access. Every save goes through the domain; a password or 2FA change ends the user's other sessions
/// and renews this one with a full page load (a circuit cannot set cookies).</summary>
public sealed partial class ProfilePage(
    ProfileService profiles, TwoFactorService twoFactor, SecondFactorService secondFactors, RecoveryCodeHandoff handoff,
    SessionUser session, SessionRenewal renewal, NavigationManager navigation, ISnackbar snackbar, IDialogService dialogs,
    IJSRuntime js, AntiforgeryStateProvider antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions)
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

    private SecondFactorsView? _factors;
    private IReadOnlyList<string>? _newCodes;
    private bool _codesUnavailable;
    private string? _passkeyName;
    private string? _passkeyError;
    private bool _passkeyBusy;

    private NotificationSettings _notifications = new();
    private readonly FormFeedback _notificationsFeedback = new();
    private bool _savingNotifications;

    /// <summary>Set by the sign-in renewal after a password or 2FA change (one of <see cref="ProfileOutcomes"/>).</summary>
    [SupplyParameterFromQuery]
    public string? Done { get; set; }

    /// <summary>With <see cref="ProfileOutcomes.TwoFactorEnabled"/>: where the new recovery codes wait (<see cref="RecoveryCodeHandoff"/>).</summary>
    [SupplyParameterFromQuery]
    public string? Codes { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync(resetForms: true);

    /// <summary>Any role, or this user changed in another session (this session's own saves reload themselves).</summary>
    private bool IsAccessChange(DomainChange change) => change.Kind == ChangeKind.Role
        || (change.Kind == ChangeKind.User && _profile is { } profile && change.EntityId == profile.UserId.ToString()
            && change.OriginSessionId != session.SessionId);

    private Task RefreshAsync() => LoadAsync(resetForms: false);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && Done is not null)
        {
            if (ProfileOutcomes.Messages.TryGetValue(Done, out var message))
            {
                snackbar.Add(message, Severity.Success);
            }

            // Taken here, in the interactive render, not while prerendering: the codes are given out once.
            if (Done == ProfileOutcomes.TwoFactorEnabled)
            {
                _newCodes = handoff.Take((await session.GetAsync()).UserId, Codes);
                _codesUnavailable = _newCodes is null;
                StateHasChanged();
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
        await LoadFactorsAsync();
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
                var codes = handoff.Put(by.UserId, result.Value.RecoveryCodes);
                await RenewSignInAsync(result.Value, $"{ProfileOutcomes.TwoFactorEnabled}&codes={codes}");
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

    private async Task LoadFactorsAsync()
    {
        var factors = await secondFactors.GetAsync(await session.GetAsync());
        _factors = factors.Succeeded ? factors.Value : null;
    }

    private async Task RegenerateRecoveryCodesAsync()
    {
        if (await dialogs.ShowMessageBoxAsync("Get new recovery codes?",
                "Your current recovery codes stop working at once, used or not. Save the new ones when they are shown.",
                yesText: "Get new codes", cancelText: "Cancel") != true)
        {
            return;
        }

        await RunTwoFactorAsync(async by =>
        {
            var result = await secondFactors.RegenerateRecoveryCodesAsync(by);
            if (result.Succeeded)
            {
                _newCodes = result.Value;
                _codesUnavailable = false;
                await LoadFactorsAsync();
            }

            return result.Error;
        });
    }

    private async Task CodesSaved()
    {
        _newCodes = null;
        _codesUnavailable = false;
        await LoadFactorsAsync();
    }

    /// <summary>The name is checked before the browser asks the authenticator (a refused name would leave a passkey on
    /// the device that the account does not know); then the ceremony runs in the browser against the passkey
    /// endpoints, and the domain adds the passkey.</summary>
    private async Task AddPasskeyAsync()
    {
        _passkeyError = SecondFactorService.CheckPasskeyName(_passkeyName)?.Message;
        if (_passkeyError is not null)
        {
            return;
        }

        _passkeyBusy = true;
        try
        {
            var token = antiforgery.GetAntiforgeryToken();
            var answer = await js.InvokeAsync<PasskeyEndpoints.PasskeyAnswer>("userConsolePasskeys.create",
                _passkeyName!.Trim(), antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken", token?.Value ?? "");
            if (answer.Ok)
            {
                snackbar.Add(answer.Message, Severity.Success);
                _passkeyName = null;
                await LoadFactorsAsync();
            }
            else if (answer.Field == "PasskeyName")
            {
                _passkeyError = answer.Message;
            }
            else
            {
                snackbar.Add(answer.Message, Severity.Error);
            }
        }
        finally
        {
            _passkeyBusy = false;
        }
    }

    private async Task RemovePasskeyAsync(PasskeyView passkey)
    {
        if (await dialogs.ShowMessageBoxAsync($"Remove passkey '{passkey.Name}'?",
                "It will no longer sign you in. Remove it from the device as well if you no longer use it.",
                yesText: "Remove passkey", cancelText: "Cancel") != true)
        {
            return;
        }

        _passkeyBusy = true;
        try
        {
            var result = await secondFactors.RemovePasskeyAsync(await session.GetAsync(), passkey.Id);
            snackbar.Add(result.Succeeded ? $"The passkey '{passkey.Name}' was removed." : result.Error!.Message,
                result.Succeeded ? Severity.Success : Severity.Error);
            await LoadFactorsAsync();
        }
        finally
        {
            _passkeyBusy = false;
        }
    }
}
