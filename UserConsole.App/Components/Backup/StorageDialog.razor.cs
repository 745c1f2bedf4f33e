using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain.Backup;

namespace UserConsole.App.Components.Backup;

public partial class StorageDialog
{
    public static DialogOptions Options { get; } = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private StorageInput _input = new();
    private EditContext _context = default!;
    private readonly FormErrors _errors = new();
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    /// <summary>The storage to edit; null to create one.</summary>
    [Parameter]
    public StorageRow? Storage { get; set; }

    [Inject]
    private InventoryAdministration Administration { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IValidator<StorageInput> Validator { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (Storage is { } storage)
        {
            _input = new StorageInput
            {
                Name = storage.Name, Kind = storage.Kind,
                CapacityGigabytes = (int)Math.Min(StorageInput.MaxCapacityGigabytes, storage.CapacityBytes / StorageInput.BytesPerGigabyte),
                ConcurrencyStamp = storage.ConcurrencyStamp,
            };
        }

        _context = new EditContext(_input);
    }

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        _errors.Clear();
        if (!_context.Validate())
        {
            return;
        }

        _saving = true;
        try
        {
            var by = await Session.GetAsync();
            var error = Storage is { } storage
                ? (await Administration.UpdateStorageAsync(by, storage.Id, _input)).Error
                : (await Administration.CreateStorageAsync(by, _input)).Error;
            if (_errors.Accept(error))
            {
                MudDialog.Close(DialogResult.Ok(_input.Name));
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
