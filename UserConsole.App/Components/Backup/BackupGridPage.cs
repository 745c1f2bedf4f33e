using UserConsole.App.Components.Shared;

namespace UserConsole.App.Components.Backup;

/// <summary>What the Servers, Storages and Schedules pages share: a grid paged and sorted in the database by a scoped
/// domain read, the scope it was read under, a refusal shown instead of rows, and dialogs and actions that report
/// their outcome and reload the grid.</summary>
public abstract class BackupGridPage<TRow> : ComponentBase
{
    protected BackupGridPage() => Load = LoadAsync;

    /// <summary>The grid's ServerData (one delegate for the page's life, so re-renders do not look like a new source).</summary>
    protected Func<GridState<TRow>, CancellationToken, Task<GridData<TRow>>> Load { get; }

    protected MudDataGrid<TRow>? Grid { get; set; }

    protected ScopeReach? Scope { get; private set; }

    /// <summary>Whether the signed-in user may add to this list, as the domain decided at the last load.</summary>
    protected Capability Create { get; private set; } = Capability.Unknown;

    protected string? Error { get; private set; }

    protected bool Loading { get; private set; } = true;

    protected static int[] PageSizes => BackupPaging.PageSizes;

    /// <summary>How the create and edit dialogs of the backup pages open.</summary>
    protected static DialogOptions DialogOptions { get; } = DiscardGuard.Options();

    [Inject]
    protected SessionUser Session { get; set; } = default!;

    [Inject]
    protected IDialogService Dialogs { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The page's scoped read.</summary>
    protected abstract Task<Result<Paged<TRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken);

    protected Task ReloadAsync() => Grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>Opens a create or edit dialog; when it saved, says so (the dialog returns the saved name) and reloads.</summary>
    protected async Task OpenDialogAsync<TDialog>(string title, DialogParameters parameters, DialogOptions options, Func<string, string> saved)
        where TDialog : IComponent
    {
        ArgumentNullException.ThrowIfNull(saved);
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, options);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add(saved(name), Severity.Success);
            await ReloadAsync();
        }
    }

    /// <summary>Opens the page's dialog empty, to create a <paramref name="noun"/>.</summary>
    protected Task CreateWithAsync<TDialog>(string title, string noun)
        where TDialog : IComponent =>
        OpenDialogAsync<TDialog>(title, [], DialogOptions, name => $"{noun} {name} created.");

    /// <summary>Opens the page's dialog on the item named <paramref name="name"/> (given in <paramref name="parameters"/>).</summary>
    protected Task EditWithAsync<TDialog>(string name, DialogParameters<TDialog> parameters, string noun)
        where TDialog : IComponent =>
        OpenDialogAsync<TDialog>($"Edit {name}", parameters, DialogOptions, saved => $"{noun} {saved} saved.");

    /// <summary>"Who can see this?" for a server or storage of the grid.</summary>
    protected Task ShowWhoCanSeeAsync(AccessTargetKind kind, int id, string name) =>
        Dialogs.ShowAsync<WhoCanSeeDialog>($"Who can see {name}?",
            new DialogParameters<WhoCanSeeDialog> { { d => d.Kind, kind }, { d => d.TargetId, id } }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });

    /// <summary>Asks first (the question names the item), then runs <paramref name="operation"/>.</summary>
    protected async Task ConfirmAndRunAsync(string title, string question, string confirm, Func<ActingUser, Task<DomainError?>> operation, string done)
    {
        if (await Dialogs.ShowMessageBoxAsync(title, question, yesText: confirm, cancelText: "Cancel") == true)
        {
            await RunAsync(operation, done);
        }
    }

    /// <summary>Runs a domain operation for the signed-in user, reports its outcome and reloads the grid.</summary>
    protected async Task RunAsync(Func<ActingUser, Task<DomainError?>> operation, string done)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var error = await operation(await Session.GetAsync());
        Snackbar.Add(error?.Message ?? done, error is null ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task<GridData<TRow>> LoadAsync(GridState<TRow> state, CancellationToken cancellationToken)
    {
        Loading = true;
        try
        {
            var result = await ReadAsync(await Session.GetAsync(), BackupPaging.From(state), cancellationToken);
            Error = result.Error?.Message;
            Scope = result.Succeeded ? result.Value.Scope : null;
            Create = result.Succeeded ? result.Value.Create ?? Capability.Unknown : Capability.Unknown;
            return result.Succeeded
                ? new GridData<TRow> { Items = result.Value.Items, TotalItems = result.Value.TotalCount }
                : new GridData<TRow>();
        }
        finally
        {
            Loading = false;
            StateHasChanged();
        }
    }
}
