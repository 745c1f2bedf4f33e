namespace UserConsole.Domain.Backup;

/// <summary>What production servers, storage servers and schedules share: an id, a name (unique regardless of case),
/// when the item was created, and a concurrency stamp that every edit renews, so that a form opened on an older
/// version is refused. Not an entity of its own: each subclass keeps these columns in its own table.</summary>
public abstract class InventoryItem
{
    // EF Core
    protected InventoryItem()
    {
    }

    protected InventoryItem(string name, DateTime createdAt)
    {
        Name = name;
        CreatedAt = createdAt;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public string ConcurrencyStamp { get; set; } = "";

    /// <summary>Records an edit: the (possibly new) name and a new concurrency stamp.</summary>
    protected void Edited(string name)
    {
        Name = name;
        ConcurrencyStamp = Users.User.NewStamp();
    }
}
