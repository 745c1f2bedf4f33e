using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using UserConsole.App.Security;
using UserConsole.Domain.Backup;

namespace UserConsole.App.Components.Backup;

public partial class ServerDialog
{
    public static DialogOptions Options { get; } = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private ServerInput _input = new();
    private EditContext _context = default!;
    private readonly FormErrors _errors = new();
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    /// <summary>The server to edit; null to create one.</summary>
    [Parameter]
    public ServerRow? Server { get; set; }

    [Inject]
    private InventoryAdministration Administration { get; set; } = default!;

    [Inject]
    private SessionUser Session { get; set; } = default!;

    [Inject]
    private IValidator<ServerInput> Validator { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (Server is { } server)
        {
            _input = new ServerInput
            {
                Name = server.Name, Host = server.Host, OperatingSystem = server.OperatingSystem, Status = server.Status,
                ConcurrencyStamp = server.ConcurrencyStamp,
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
            var error = Server is { } server
                ? (await Administration.UpdateServerAsync(by, server.Id, _input)).Error
                : (await Administration.CreateServerAsync(by, _input)).Error;
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
