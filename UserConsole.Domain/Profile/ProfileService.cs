using FluentValidation;
using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>A user's own profile: contact details, password and email notifications. Role and scope are shown,
/// never changed here (an administrator manages them). Every success and refusal is audited; passwords never are.</summary>
public sealed class ProfileService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    AccountService accounts,
    IPasswordHasher<User> passwordHasher,
    ILookupNormalizer normalizer,
    IValidator<AccountDetailsInput> detailsValidator,
    IValidator<ChangePasswordInput> passwordValidator,
    SecurityNotifications notifications)
{
    public async Task<Result<ProfileView>> GetAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.LoadAccessAsync(db, by.UserId, cancellationToken);
        if (access is not { CanAct: true })
        {
            return ActorLoader.SessionEnded;
        }

        var user = await db.Users.AsNoTracking().Include(u => u.Role).SingleAsync(u => u.Id == by.UserId, cancellationToken);
        var servers = access.Scope.ProductionServers;
        var storages = access.Scope.StorageServers;
        return new ProfileView(
            user.Id,
            user.UserName!,
            user.Email!,
            user.FullName,
            user.Company,
            user.ConcurrencyStamp!,
            user.TwoFactorEnabled,
            access.Permissions.Contains(Permissions.EmailNotifications),
            user.Notifications,
            user.Role.Name,
            user.Role.Description,
            new ScopeSummary(servers.IsAll, servers.IsAll ? [] : await db.ProductionServers
                .Where(s => servers.Ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken)),
            new ScopeSummary(storages.IsAll, storages.IsAll ? [] : await db.StorageServers
                .Where(s => storages.Ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken)));
    }

    /// <summary>Saves full name, company and email. The email must be unique (case-insensitively) and not another
    /// user's username. Returns the new concurrency stamp, for the next save from the same form.</summary>
    public async Task<Result<string>> UpdateDetailsAsync(ActingUser by, AccountDetailsInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("profile.update_details"), AuditTarget.Of(by.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.OwnUserAsync();
        if (await op.RefuseIfAsync(Validation.FirstError(detailsValidator, input)) is { } invalid)
        {
            return invalid;
        }

        var email = input.Email.Trim();
        var fullName = UserFieldRules.Clean(input.FullName);
        var company = UserFieldRules.Clean(input.Company);
        var changeSet = new ChangeSet()
            .Add("FullName", user.FullName, fullName)
            .Add("Company", user.Company, company)
            .Add("Email", user.Email, email);
        op.Attempted = changeSet;
        if (await op.RefuseIfAsync(ProfileRules.EditedVersionIsCurrent(user, input.ConcurrencyStamp)) is { } stale)
        {
            return stale;
        }

        if (changeSet.IsEmpty)
        {
            return user.ConcurrencyStamp!;
        }

        // Unique case-insensitively, and never another user's username (either could then sign in as the other).
        var normalizedEmail = normalizer.NormalizeEmail(email);
        var emailAsName = normalizer.NormalizeName(email);
        if (await op.Db.Users.AnyAsync(u => u.Id != user.Id && (u.NormalizedEmail == normalizedEmail || u.NormalizedUserName == emailAsName), cancellationToken))
        {
            return await op.RefuseAsync(ProfileRules.EmailTaken);
        }

        user.SetDetails(fullName, company);
        user.Email = email;
        user.NormalizedEmail = normalizedEmail;
        user.Touch();
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated);
        return await op.CommitAsync(changeSet) is { } failed ? failed : user.ConcurrencyStamp!;
    }

    /// <summary>Changes the acting user's password: the current one must be right and the new one must meet the
    /// policy. Leaving the new password blank keeps the password (the value is null then). On a change the
    /// security stamp rotates: other sessions end.</summary>
    public async Task<Result<CredentialChange?>> ChangePasswordAsync(ActingUser by, ChangePasswordInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("profile.change_password"), AuditTarget.Of(by.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (input.KeepsPassword)
        {
            return Result<CredentialChange?>.Success(null);
        }

        var user = await op.OwnUserAsync();
        if (await op.RefuseIfAsync(Validation.FirstError(passwordValidator, input)
            ?? ProfileRules.CurrentPasswordIsKnown(passwordHasher, user, input.CurrentPassword, op.Now)
            ?? accounts.CheckNewPassword(user, input.NewPassword, input.RepeatPassword), wrongPasswordCounts: true) is { } refused)
        {
            return refused;
        }

        user.SetChosenPassword(passwordHasher.HashPassword(user, input.NewPassword));
        user.RotateSecurityStamp();
        user.Touch();
        await notifications.QueueAsync(op.Db, op.Now, user, SecurityNotice.PasswordChanged, by: null, cancellationToken);
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.CredentialsChanged);
        return await op.CommitAsync() is { } failed ? failed : new CredentialChange(user.Id, user.SecurityStamp!);
    }

    /// <summary>Saves the acting user's email notification choices; only with
    /// <see cref="Permissions.EmailNotifications"/>, and only over the version of the profile the form was loaded
    /// with (<paramref name="concurrencyStamp"/>). Returns the new concurrency stamp.</summary>
    public async Task<Result<string>> UpdateNotificationsAsync(
        ActingUser by, NotificationSettings settings, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("profile.update_notifications"), AuditTarget.Of(by.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.OwnUserAsync();
        var changeSet = NotificationChanges(user.Notifications, settings);
        op.Attempted = changeSet;
        if (await op.RefuseIfAsync(AccessRules.Require(op.Actor, Permissions.EmailNotifications)
            ?? ProfileRules.AlertsAreKnownThresholds(settings)
            ?? ProfileRules.EditedVersionIsCurrent(user, concurrencyStamp)) is { } refused)
        {
            return refused;
        }

        if (changeSet.IsEmpty)
        {
            return user.ConcurrencyStamp!;
        }

        user.SetNotifications(settings);
        user.Touch();
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated);
        return await op.CommitAsync(changeSet) is { } failed ? failed : user.ConcurrencyStamp!;
    }

    private static string DescribeAlerts(RunningTimeAlerts alerts) =>
        string.Join(", ", NotificationSettings.Thresholds.Where(t => alerts.HasFlag(t.Flag)).Select(t => $"{t.Hours} h"));

    private static ChangeSet NotificationChanges(NotificationSettings before, NotificationSettings after)
    {
        static string OnOff(bool value) => value ? "on" : "off";
        return new ChangeSet()
            .Add("BackupStarting", OnOff(before.BackupStarting), OnOff(after.BackupStarting))
            .Add("BackupStopped", OnOff(before.BackupStopped), OnOff(after.BackupStopped))
            .Add("BackupCompleted", OnOff(before.BackupCompleted), OnOff(after.BackupCompleted))
            .Add("BackupWarnings", OnOff(before.BackupWarnings), OnOff(after.BackupWarnings))
            .Add("BackupErrors", OnOff(before.BackupErrors), OnOff(after.BackupErrors))
            .Add("ConnectionErrors", OnOff(before.ConnectionErrors), OnOff(after.ConnectionErrors))
            .Add("RunningTimeAlerts", DescribeAlerts(before.RunningTimeAlerts), DescribeAlerts(after.RunningTimeAlerts));
    }
}
