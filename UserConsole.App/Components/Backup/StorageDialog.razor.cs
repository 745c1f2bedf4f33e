using Microsoft.AspNetCore.Components;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;

namespace UserConsole.App.Components.Backup;

public partial class StorageDialog
{
    /// <summary>The storage to edit; null to create one.</summary>
    [Parameter]
    public StorageRow? Storage { get; set; }

    [Inject]
    private InventoryAdministration Administration { get; set; } = default!;

    protected override string SavedName => Input.Name;

    protected override void OnInitialized()
    {
        if (Storage is { } storage)
        {
            Edit(new StorageInput
            {
                Name = storage.Name, Kind = storage.Kind,
                CapacityGigabytes = (int)Math.Min(StorageInput.MaxCapacityGigabytes, storage.CapacityBytes / StorageInput.BytesPerGigabyte),
                ConcurrencyStamp = storage.ConcurrencyStamp,
            });
        }

        base.OnInitialized();
    }

    protected override async Task<DomainError?> SubmitAsync(ActingUser by) => Storage is { } storage
        ? (await Administration.UpdateStorageAsync(by, storage.Id, Input)).Error
        : (await Administration.CreateStorageAsync(by, Input)).Error;
}
