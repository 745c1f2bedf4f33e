namespace UserConsole.Domain.Backup;

public enum ServerStatus
{
    Online = 0,
    Offline = 1,
    Maintenance = 2,
}

/// <summary>A production server that is backed up.</summary>
public class ProductionServer
{
    // EF Core
    private ProductionServer()
    {
    }

    public ProductionServer(string name, string host, string operatingSystem, ServerStatus status, DateTime createdAt)
    {
        Name = name;
        Host = host;
        OperatingSystem = operatingSystem;
        Status = status;
        CreatedAt = createdAt;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Host { get; private set; } = "";

    public string OperatingSystem { get; private set; } = "";

    public ServerStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string ConcurrencyStamp { get; set; } = "";

    public void Update(string name, string host, string operatingSystem, ServerStatus status)
    {
        Name = name;
        Host = host;
        OperatingSystem = operatingSystem;
        Status = status;
        ConcurrencyStamp = Users.User.NewStamp();
    }
}
