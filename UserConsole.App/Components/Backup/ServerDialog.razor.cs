
namespace UserConsole.App.Components.Backup;

public partial class ServerDialog(InventoryAdministration administration)
{
    /// <summary>The server to edit; null to create one.</summary>
    [Parameter]
    public ServerRow? Server { get; set; }

    protected override string SavedName => Input.Name;

    protected override void OnInitialized()
    {
        if (Server is { } server)
        {
            Edit(new ServerInput
            {
                Name = server.Name, Host = server.Host, OperatingSystem = server.OperatingSystem, Status = server.Status,
                ConcurrencyStamp = server.ConcurrencyStamp,
            });
        }

        base.OnInitialized();
    }

    protected override async Task<DomainError?> SubmitAsync(ActingUser by) => Server is { } server
        ? (await administration.UpdateServerAsync(by, server.Id, Input)).Error
        : (await administration.CreateServerAsync(by, Input)).Error;
}
