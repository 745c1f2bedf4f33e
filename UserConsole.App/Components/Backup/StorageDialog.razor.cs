
namespace UserConsole.App.Components.Backup;

public partial class StorageDialog(InventoryAdministration administration)
{
    /// <summary>The storage to edit; null to create one.</summary>
    [Parameter]
    public StorageRow? Storage { get; set; }

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
        ? (await administration.UpdateStorageAsync(by, storage.Id, Input)).Error
        : (await administration.CreateStorageAsync(by, Input)).Error;
}
