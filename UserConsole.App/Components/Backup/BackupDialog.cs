using Microsoft.AspNetCore.Components.Forms;
using UserConsole.App.Components.Shared;

namespace UserConsole.App.Components.Backup;

/// <summary>What the create/edit dialogs share: an input validated as it is typed (FluentValidator), a save that
/// sends it to the domain and shows a refusal at its field (or above the buttons), and closing with the saved name.</summary>
public abstract class BackupDialog<TInput> : ComponentBase
    where TInput : class, new()
{
    protected TInput Input { get; private set; } = new();

    protected EditContext Context { get; private set; } = default!;

    protected FormFeedback Errors { get; } = FormFeedback.For<TInput>();

    protected bool Saving { get; private set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    protected SessionUser Session { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    /// <summary>The name the dialog reports when it closes after a save.</summary>
    protected abstract string SavedName { get; }

    /// <summary>Sends <see cref="Input"/> to the domain (create or update); null when it was saved.</summary>
    protected abstract Task<DomainError?> SubmitAsync(ActingUser by);

    /// <summary>Starts editing <paramref name="input"/> (call from OnInitialized).</summary>
    protected void Edit(TInput input)
    {
        Input = input;
        Context = new EditContext(input);
    }

    protected override void OnInitialized() => Context ??= new EditContext(Input);

    protected void Cancel() => MudDialog.Cancel();

    /// <summary>Escape (EscapeKey) or a click beside the dialog (the MudDialog's OnBackdropClick): closes, asking first
    /// when something was typed.</summary>
    protected async Task CloseAsync()
    {
        if (!Saving)
        {
            await DiscardGuard.CloseAsync(MudDialog, Dialogs, Context.IsModified());
        }
    }

    protected async Task SaveAsync()
    {
        Errors.Clear();
        if (!Context.Validate())
        {
            return;
        }

        Saving = true;
        try
        {
            if (Errors.Accept(await SubmitAsync(await Session.GetAsync())))
            {
                MudDialog.Close(DialogResult.Ok(SavedName));
            }
        }
        finally
        {
            Saving = false;
        }
    }
}
