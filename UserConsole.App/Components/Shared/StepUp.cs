using UserConsole.Domain.Sessions;

namespace UserConsole.App.Components.Shared;

/// <summary>The one way a screen runs sensitive administration (reset a password, disable or delete a user, turn off
/// someone's 2FA, sign someone out everywhere, give or assign user or role administration): when the session holds no
/// fresh proof, "Confirm it's you" asks for the password, an authenticator code or a passkey, then the action goes on. The
/// domain decides (it refuses with <see cref="StepUpRules.ReauthRequiredCode"/>); this only asks at the right moment.</summary>
public sealed class StepUp(IdentityConfirmation confirmation, IDialogService dialogs)
{
    /// <summary>What <see cref="RunAsync"/> returns when the person closed the dialog: nothing was done.</summary>
    public static DomainError Cancelled { get; } = new("reauth.cancelled", "Not confirmed: nothing was changed.");

    public static bool IsCancelled(DomainError? error) => ReferenceEquals(error, Cancelled);

    /// <summary>Runs <paramref name="action"/> with a fresh proof: asks first when the session's proof is stale (only
    /// when <paramref name="askFirst"/>: an action that needs a proof only sometimes lets the domain say so), and
    /// asks and runs once more when the domain still refuses for want of one.</summary>
    public async Task<DomainError?> RunAsync(ActingUser by, Func<ActingUser, Task<DomainError?>> action, bool askFirst = true)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (askFirst && await AskIfStaleAsync(by) is { } notAsked)
        {
            return notAsked;
        }

        var error = await action(by);
        if (error?.Code != StepUpRules.ReauthRequiredCode)
        {
            return error;
        }

        return await AskIfStaleAsync(by) ?? await action(by);
    }

    /// <summary>Null when the proof is fresh or was just given; else why not (the dialog was closed, the session ended).</summary>
    private async Task<DomainError?> AskIfStaleAsync(ActingUser by)
    {
        var status = await confirmation.StatusAsync(by);
        if (!status.Succeeded)
        {
            return status.Error;
        }

        if (status.Value.IsFresh)
        {
            return null;
        }

        var dialog = await dialogs.ShowAsync<ConfirmItsYouDialog>("Confirm it's you",
            new DialogParameters<ConfirmItsYouDialog>
            {
                { d => d.By, by },
                { d => d.HasAuthenticator, status.Value.HasAuthenticator },
                { d => d.HasPasskey, status.Value.HasPasskey },
            },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, BackdropClick = false });
        var result = await dialog.Result;
        return result is { Canceled: false } ? null : Cancelled;
    }
}
