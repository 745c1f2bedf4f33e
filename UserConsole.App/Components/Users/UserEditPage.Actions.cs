using UserConsole.App.Components.Shared;

namespace UserConsole.App.Components.Users;

/// <summary>The Edit page's account actions: each asks first, then runs the domain operation with the buttons busy
/// and says how it went.</summary>
public sealed partial class UserEditPage
{
    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;

    /// <summary>Runs <paramref name="action"/> (every account action here is sensitive: after "Confirm it's you" when
    /// the session's proof is not fresh, except Enable); a refusal is said in a snackbar (a stale one also at the top
    /// of the page, with Reload); after a success, <paramref name="then"/> runs (by default the page reloads).</summary>
    private async Task RunAsync(Func<ActingUser, Task<DomainError?>> action, string success, Func<Task>? then = null, bool sensitive = true)
    {
        _busy = true;
        try
        {
            var by = await session.GetAsync();
            var error = sensitive ? await stepUp.RunAsync(by, action) : await action(by);
            if (StepUp.IsCancelled(error))
            {
                return;
            }

            if (error is not null)
            {
                snackbar.Add(error.Message, Severity.Error);
                if (FormFeedback.IsStaleError(error))
                {
                    _conflict = error.Message;
                }

                return;
            }

            snackbar.Add(success, Severity.Success);
            await (then ?? LoadAsync)();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DisableAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Disable user '{name}'?", $"{name} is signed out everywhere and cannot sign in until enabled again.", "Disable user"))
        {
            await RunAsync(async by => (await users.DisableAsync(by, UserId, _details!.ConcurrencyStamp)).Error, $"User '{name}' disabled");
        }
    }

    private async Task EnableAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Enable user '{name}'?", $"{name} can sign in again.", "Enable user"))
        {
            await RunAsync(async by => (await users.EnableAsync(by, UserId, _details!.ConcurrencyStamp)).Error, $"User '{name}' enabled", sensitive: false);
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

        OneTimePassword? issued = null;
        await RunAsync(async by =>
        {
            var result = await users.ResetPasswordAsync(by, UserId, _details!.ConcurrencyStamp);
            issued = result.Succeeded ? result.Value : null;
            return result.Error;
        }, $"Password reset for '{name}'", async () =>
        {
            var dialog = await dialogs.ShowAsync<OneTimePasswordDialog>($"New password for {name}",
                new DialogParameters<OneTimePasswordDialog>
                {
                    { d => d.UserName, issued!.UserName },
                    { d => d.Password, issued.Password },
                },
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
            await dialog.Result;
            await LoadAsync();
        });
    }

    private async Task DisableTwoFactorAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Disable 2FA for '{name}'?",
                $"Their authenticator app, recovery codes and passkeys are removed. {name} signs in with the password alone until they set up two-factor authentication again on their profile, and is signed out everywhere now.",
                "Disable 2FA"))
        {
            // The same domain operation as the profile's own "Disable 2FA"; an administrator needs no password.
            await RunAsync(async by => (await twoFactor.DisableAsync(by, UserId, currentPassword: null)).Error, $"2FA disabled for '{name}'");
        }
    }

    private async Task DeleteAsync()
    {
        var name = _details!.UserName;
        if (await ConfirmAsync($"Delete user '{name}'?", $"{name} ({_details.Email}) will be deleted and signed out everywhere. This cannot be undone.", "Delete"))
        {
            await RunAsync(async by => (await users.DeleteAsync(by, UserId, _details!.ConcurrencyStamp)).Error, $"User '{name}' deleted", () =>
            {
                _original = Fingerprint(_input);
                navigation.NavigateTo("/users");
                return Task.CompletedTask;
            });
        }
    }
}
