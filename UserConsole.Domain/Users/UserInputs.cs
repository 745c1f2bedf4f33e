namespace UserConsole.Domain.Users;

/// <summary>The fields an administrator fills for a user. Empty server lists mean "all, including servers added
/// later".</summary>
public abstract class UserFields
{
    public string UserName { get; set; } = "";

    public string Email { get; set; } = "";

    public Guid? RoleId { get; set; }

    public string? FullName { get; set; }

    public string? Company { get; set; }

    public List<int> ProductionServerIds { get; set; } = [];

    public List<int> StorageServerIds { get; set; } = [];
}

/// <summary>Input of "Create user".</summary>
public sealed class CreateUserInput : UserFields;

/// <summary>Input of the Edit page's save: the fields plus the version the editor started from.</summary>
public sealed class UpdateUserInput : UserFields
{
    public Guid UserId { get; set; }

    /// <summary>The user's concurrency stamp when the editor loaded it; a different stored stamp means someone
    /// else changed the user meanwhile and the save is refused.</summary>
    public string ConcurrencyStamp { get; set; } = "";

    /// <summary>The <see cref="UserChangeImpact.Fingerprint"/> the person saw before saving; the save is refused
    /// with the new impact when it no longer matches. Null skips the check.</summary>
    public string? ConfirmedImpact { get; set; }
}
