namespace UserConsole.Domain.Backup;

public enum StorageKind
{
    Linux = 0,
    Cloud = 1,
}

/// <summary>A storage server where backup points are kept.</summary>
public class StorageServer : InventoryItem
{
    // EF Core
    private StorageServer()
    {
    }

    public StorageServer(string name, StorageKind kind, long capacityBytes, long usedBytes, DateTime createdAt)
        : base(name, createdAt)
    {
        Set(kind, capacityBytes);
        UsedBytes = usedBytes;
    }

    public StorageKind Kind { get; private set; }

    public long CapacityBytes { get; private set; }

    public long UsedBytes { get; private set; }

    public void Update(string name, StorageKind kind, long capacityBytes)
    {
        Set(kind, capacityBytes);
        Edited(name);
    }

    public void AddUsed(long bytes) => UsedBytes = Math.Max(0, UsedBytes + bytes);

    private void Set(StorageKind kind, long capacityBytes)
    {
        Kind = kind;
        CapacityBytes = capacityBytes;
    }
}
