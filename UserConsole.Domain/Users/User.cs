using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Users;

/// <summary>A login identity. Identity's columns (user name, email, hash, security stamp, lockout, 2FA flag,
/// concurrency stamp) come from <see cref="IdentityUser{TKey}"/>; the rest belongs to UserConsole.</summary>
public class User : IdentityUser<Guid>
{
    // EF Core
    private User()
    {
    }

    public User(string userName, string email, Guid roleId, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        UserName = userName;
        Email = email;
        RoleId = roleId;
        CreatedAt = createdAt;
        SecurityStamp = NewStamp();
        ConcurrencyStamp = NewStamp();
        LockoutEnabled = true;
        EmailConfirmed = true;
    }

    public string? FullName { get; private set; }

    public string? Company { get; private set; }

    /// <summary>The user's one role (a required foreign key: exactly one role per user).</summary>
    public Guid RoleId { get; private set; }

    public Role Role { get; private set; } = null!;

    /// <summary>Set once, when the install is bootstrapped; never inferred from ids or names.</summary>
    public bool IsFirstAdmin { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    /// <summary>True while the user signs in with a generated password and must choose their own.</summary>
    public bool MustChangePassword { get; private set; }

    /// <summary>When the generated password was issued (it expires after the policy's validity); null once the user
    /// chose their own.</summary>
    public DateTime? OneTimePasswordIssuedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastSignInAt { get; private set; }

    public ScopeMode ProductionServerScope { get; private set; }

    public ScopeMode StorageServerScope { get; private set; }

    public List<UserProductionServer> ProductionServers { get; private set; } = [];

    public List<UserStorageServer> StorageServers { get; private set; } = [];

    /// <summary>The TOTP secret, protected with ASP.NET Core Data Protection; null when 2FA is off.</summary>
    public string? ProtectedTotpSecret { get; private set; }

    /// <summary>The last TOTP time step accepted, so that a code is accepted once.</summary>
    public long? LastTotpStep { get; private set; }

    public NotificationSettings Notifications { get; private set; } = new();

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>Marks a change for optimistic concurrency: a save made from an older copy is refused.</summary>
    public void Touch() => ConcurrencyStamp = NewStamp();

    public AccessScope GetScope() => new(
        ProductionServerScope == ScopeMode.All
            ? ResourceScope.Everything
            : ResourceScope.Chosen(ProductionServers.Select(s => s.ProductionServerId)),
        StorageServerScope == ScopeMode.All
            ? ResourceScope.Everything
            : ResourceScope.Chosen(StorageServers.Select(s => s.StorageServerId)));

    public void MarkAsFirstAdmin() => IsFirstAdmin = true;

    public void SetDetails(string? fullName, string? company)
    {
        FullName = fullName;
        Company = company;
    }

    public void ChangeRole(Guid roleId) => RoleId = roleId;

    /// <summary>Replaces the scope. The caller loads <see cref="ProductionServers"/> and
    /// <see cref="StorageServers"/> first.</summary>
    public void SetScope(AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ProductionServerScope = scope.ProductionServers.Mode;
        StorageServerScope = scope.StorageServers.Mode;
        ProductionServers.RemoveAll(s => !scope.ProductionServers.Ids.Contains(s.ProductionServerId));
        foreach (var id in scope.ProductionServers.Ids.Where(id => ProductionServers.All(s => s.ProductionServerId != id)))
        {
            ProductionServers.Add(new UserProductionServer(Id, id));
        }

        StorageServers.RemoveAll(s => !scope.StorageServers.Ids.Contains(s.StorageServerId));
        foreach (var id in scope.StorageServers.Ids.Where(id => StorageServers.All(s => s.StorageServerId != id)))
        {
            StorageServers.Add(new UserStorageServer(Id, id));
        }
    }

    public void Disable() => IsEnabled = false;

    public void Enable() => IsEnabled = true;

    /// <summary>Sets a generated password: the user has to choose their own at the next sign-in.</summary>
    public void SetGeneratedPassword(string passwordHash, DateTime issuedAt)
    {
        PasswordHash = passwordHash;
        MustChangePassword = true;
        OneTimePasswordIssuedAt = issuedAt;
    }

    /// <summary>Whether the generated password this user must replace is past <paramref name="validity"/>.</summary>
    public bool OneTimePasswordExpired(TimeSpan validity, DateTime now) => PendingOneTimePassword.Of(this, validity, now)?.Expired == true;

    /// <summary>Sets a password the user chose.</summary>
    public void SetChosenPassword(string passwordHash)
    {
        PasswordHash = passwordHash;
        MustChangePassword = false;
        OneTimePasswordIssuedAt = null;
    }

    public void EnableTwoFactor(string protectedSecret, long acceptedStep)
    {
        ProtectedTotpSecret = protectedSecret;
        LastTotpStep = acceptedStep;
        TwoFactorEnabled = true;
    }

    public void DisableTwoFactor()
    {
        ProtectedTotpSecret = null;
        LastTotpStep = null;
        TwoFactorEnabled = false;
    }

    public void RecordSignIn(DateTime at) => LastSignInAt = at;

    /// <summary>A wrong password or code (Identity's own counting, as at sign-in): the count grows, and at
    /// <paramref name="maxFailedAttempts"/> the account locks for <paramref name="duration"/> and the count restarts.</summary>
    public void RecordFailedAccess(int maxFailedAttempts, TimeSpan duration, DateTime now)
    {
        AccessFailedCount++;
        if (LockoutEnabled && AccessFailedCount >= maxFailedAttempts)
        {
            LockoutEnd = new DateTimeOffset(now + duration, TimeSpan.Zero);
            AccessFailedCount = 0;
        }
    }

    public bool IsLockedOut(DateTime now) => LockoutEnabled && LockoutEnd is { } end && end.UtcDateTime > now;

    public void ClearLockout()
    {
        LockoutEnd = null;
        AccessFailedCount = 0;
    }

    /// <summary>Ends every session of this user (cookies carry the stamp and are refused once it changes).</summary>
    public void RotateSecurityStamp() => SecurityStamp = NewStamp();

    public void SetNotifications(NotificationSettings settings) =>
        Notifications = settings ?? throw new ArgumentNullException(nameof(settings));
}

/// <summary>A production server in a user's chosen scope.</summary>
public class UserProductionServer(Guid userId, int productionServerId)
{
    public Guid UserId { get; private set; } = userId;

    public int ProductionServerId { get; private set; } = productionServerId;

    public ProductionServer? ProductionServer { get; private set; }
}

/// <summary>A storage server in a user's chosen scope.</summary>
public class UserStorageServer(Guid userId, int storageServerId)
{
    public Guid UserId { get; private set; } = userId;

    public int StorageServerId { get; private set; } = storageServerId;

    public StorageServer? StorageServer { get; private set; }
}
