namespace UserConsole.Domain.Backup;

public enum ServerStatus
{
    Online = 0,
    Offline = 1,
    Maintenance = 2,
}

/// <summary>A production server that is backed up.</summary>
public class ProductionServer : InventoryItem
{
    // EF Core
    private ProductionServer()
    {
    }

    public ProductionServer(string name, string host, string operatingSystem, ServerStatus status, DateTime createdAt)
        : base(name, createdAt) => Set(host, operatingSystem, status);

    public string Host { get; private set; } = "";

    public string OperatingSystem { get; private set; } = "";

    public ServerStatus Status { get; private set; }

    public void Update(string name, string host, string operatingSystem, ServerStatus status)
    {
        Set(host, operatingSystem, status);
        Edited(name);
    }

    private void Set(string host, string operatingSystem, ServerStatus status)
    {
        Host = host;
        OperatingSystem = operatingSystem;
        Status = status;
    }
}
