
namespace UserConsole.App.Components.Shared;

/// <summary>How a form dialog closes without saving: Escape or a click beside it closes it at once when nothing was
/// typed, and asks "Discard changes?" first when something was, so a stray key never loses typed work. The dialog
/// opens with <see cref="Options"/> (MudBlazor's own Escape handling off) and routes an <c>EscapeKey</c> inside it
/// and its MudDialog's <c>OnBackdropClick</c> here.</summary>
public static class DiscardGuard
{
    public const string Title = "Discard changes?";

    /// <summary>Options of a form dialog: full width up to <paramref name="maxWidth"/>; Escape and backdrop clicks
    /// reach the dialog (which decides with <see cref="CloseAsync"/>) instead of closing it.</summary>
    public static DialogOptions Options(MaxWidth maxWidth = MaxWidth.Small) =>
        new() { MaxWidth = maxWidth, FullWidth = true, CloseOnEscapeKey = false, BackdropClick = true };

    /// <summary>Closes <paramref name="dialog"/> (cancelled) when <paramref name="touched"/> is false, else once the
    /// person confirms that what they typed may go.</summary>
    public static async Task CloseAsync(IMudDialogInstance dialog, IDialogService dialogs, bool touched)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        ArgumentNullException.ThrowIfNull(dialogs);
        if (touched)
        {
            var discard = await dialogs.ShowMessageBoxAsync(
                new MessageBoxOptions
                {
                    Title = Title,
                    Message = "What you typed in this dialog will be lost.",
                    YesText = "Discard",
                    CancelText = "Keep editing",
                },
                new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, CloseOnEscapeKey = true, BackdropClick = true });
            if (discard != true)
            {
                return;
            }
        }

        dialog.Cancel();
    }
}
