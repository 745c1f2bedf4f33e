namespace UserConsole.Domain.Backup;

public enum StorageKind
{
    Linux = 0,
    Cloud = 1,
}

/// <summary>A storage server where backup points are kept.</summary>
public class StorageServer
{
    // EF Core
    private StorageServer()
    {
    }

    public StorageServer(string name, StorageKind kind, long capacityBytes, long usedBytes, DateTime createdAt)
    {
        Name = name;
        Kind = kind;
        CapacityBytes = capacityBytes;
        UsedBytes = usedBytes;
        CreatedAt = createdAt;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public StorageKind Kind { get; private set; }

    public long CapacityBytes { get; private set; }

    public long UsedBytes { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string ConcurrencyStamp { get; set; } = "";

    public void Update(string name, StorageKind kind, long capacityBytes)
    {
        Name = name;
        Kind = kind;
        CapacityBytes = capacityBytes;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public void AddUsed(long bytes) => UsedBytes = Math.Max(0, UsedBytes + bytes);
}
