using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Users;

/// <summary>A generated password, in clear only in this object: shown once, never stored or logged.</summary>
public sealed record OneTimePassword(string UserName, string Password)
{
    // Keep the password out of accidental logging of the record.
    public override string ToString() => $"OneTimePassword {{ UserName = {UserName} }}";
}

/// <summary>First run and recovery: the first admin role and user, and the console password reset.</summary>
public sealed class Installation(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IPasswordHasher<User> passwordHasher,
    ILookupNormalizer normalizer,
    TimeProvider clock)
{
    public const string FirstAdminUserName = "admin";
    public const string FirstAdminRoleName = "Administrator";
    public const string FirstAdminEmail = "admin@localhost";

    /// <summary>When the database has no user, creates the first admin role and user and returns the one-time
    /// password (the only time it exists in clear). Returns null when users exist already. Also keeps the first
    /// admin role holding the whole catalog, including keys added by later versions.</summary>
    public async Task<string?> BootstrapAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await IsDoneAsync(db, cancellationToken))
        {
            return null; // every restart after the first: two reads, no transaction, nothing saved
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var adminRole = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.IsFirstAdminRole, cancellationToken);
        if (adminRole is null)
        {
            adminRole = new Role(FirstAdminRoleName, "Every permission. Built in: cannot be changed or deleted.", now)
            {
                NormalizedName = normalizer.NormalizeName(FirstAdminRoleName),
            };
            adminRole.MarkAsFirstAdminRole();
            db.Roles.Add(adminRole);
        }

        if (!Permissions.AllKeys.All(k => adminRole.Permissions.Any(p => p.Key == k)))
        {
            adminRole.SetPermissions(Permissions.AllKeys);
        }

        string? password = null;
        if (!await db.Users.AnyAsync(cancellationToken))
        {
            var admin = new User(FirstAdminUserName, FirstAdminEmail, adminRole.Id, now)
            {
                NormalizedUserName = normalizer.NormalizeName(FirstAdminUserName),
                NormalizedEmail = normalizer.NormalizeEmail(FirstAdminEmail),
            };
            admin.MarkAsFirstAdmin();
            password = PasswordGenerator.Generate();
            admin.SetGeneratedPassword(passwordHasher.HashPassword(admin, password), now);
            db.Users.Add(admin);
            db.AuditEntries.Add(AuditTrail.System(now, "system", "install.bootstrap", "User", admin.Id.ToString(), admin.UserName, AuditOutcome.Succeeded));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return password;
    }

    /// <summary>True when users exist and the first admin role holds the whole catalog: nothing to bootstrap.</summary>
    private static async Task<bool> IsDoneAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        var held = await db.Roles.AsNoTracking().Where(r => r.IsFirstAdminRole)
            .SelectMany(r => r.Permissions.Select(p => p.Key)).ToListAsync(cancellationToken);
        return held.Count > 0 && Permissions.AllKeys.All(held.Contains) && await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>Console recovery: a new one-time password for the first admin, lockout cleared, sessions ended
    /// (security stamp and session records), audited. With <paramref name="disableTwoFactor"/> the second factors go
    /// too (the authenticator secret, recovery codes and passkeys), for an admin who lost the device. Returns null
    /// when there is no first admin yet.</summary>
    public async Task<OneTimePassword?> ResetFirstAdminPasswordAsync(bool disableTwoFactor = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var admin = await db.Users.SingleOrDefaultAsync(u => u.IsFirstAdmin, cancellationToken);
        if (admin is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var password = PasswordGenerator.Generate();
        admin.SetGeneratedPassword(passwordHasher.HashPassword(admin, password), now);
        admin.ClearLockout();
        admin.Enable();
        var changes = new ChangeSet().Add("Password", null, "reset (one-time password issued)");
        if (disableTwoFactor)
        {
            changes.Add("TwoFactor", admin.TwoFactorEnabled ? "on" : "off", "off");
            admin.DisableTwoFactor();
            await Profile.SecondFactors.RemoveAllAsync(db, admin.Id, cancellationToken);
        }

        admin.RotateSecurityStamp();
        admin.Touch();
        var sessions = await db.Sessions.Where(s => s.UserId == admin.Id && s.EndedAt == null).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.End(now, Sessions.SessionEndReasons.Ended);
        }

        changes.Add("Sessions", null, $"{sessions.Count} signed out");
        db.AuditEntries.Add(new AuditEntry(now, null, "console", null, null, "user.reset_admin_password", "User", admin.Id.ToString(), admin.UserName,
            changes.ToJson(), AuditOutcome.Succeeded, null));
        await db.SaveChangesAsync(cancellationToken);
        return new OneTimePassword(admin.UserName!, password);
    }

    /// <summary>The framed block printed to the console; the only place a bootstrap password is ever shown.</summary>
    public static string FormatOneTimePasswordBlock(string userName, string password, string headline)
    {
        const string rule = "==================================================================";
        return string.Join(Environment.NewLine,
            rule,
            headline,
            "------------------------------------------------------------------",
            $"Username: {userName}",
            $"One-time password: {password}",
            "------------------------------------------------------------------",
            "Sign in with it and choose your own password. It is not shown again.",
            rule);
    }
}
