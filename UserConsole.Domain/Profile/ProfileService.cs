using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>A user's own profile: contact details, password and email notifications. Role and scope are shown,
/// never changed here (an administrator manages them). Every success and refusal is audited; passwords never are.</summary>
public sealed class ProfileService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    AccountService accounts,
    IPasswordHasher<User> passwordHasher,
    ILookupNormalizer normalizer,
    IValidator<AccountDetailsInput> detailsValidator,
    IValidator<ChangePasswordInput> passwordValidator,
    IChangePublisher changes,
    TimeProvider clock)
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
        await using var own = await OwnAccount.OpenAsync(contextFactory, by, cancellationToken);
        if (own is null)
        {
            return ActorLoader.SessionEnded;
        }

        var (db, actor, user) = (own.Db, own.Actor, own.User);
        var now = clock.GetUtcNow().UtcDateTime;
        if (Validation.FirstError(detailsValidator, input) is { } invalid)
        {
            return await RefuseAsync(now, actor, user, "profile.update_details", invalid, null, cancellationToken);
        }

        var email = input.Email.Trim();
        var fullName = UserFieldRules.Clean(input.FullName);
        var company = UserFieldRules.Clean(input.Company);
        var changeSet = new ChangeSet()
            .Add("FullName", user.FullName, fullName)
            .Add("Company", user.Company, company)
            .Add("Email", user.Email, email);
        if (!string.Equals(user.ConcurrencyStamp, input.ConcurrencyStamp, StringComparison.Ordinal))
        {
            return await RefuseAsync(now, actor, user, "profile.update_details", ProfileErrors.Stale, changeSet, cancellationToken);
        }

        if (changeSet.IsEmpty)
        {
            return user.ConcurrencyStamp!;
        }

        // Unique case-insensitively, and never another user's username (either could then sign in as the other).
        var normalizedEmail = normalizer.NormalizeEmail(email);
        var emailAsName = normalizer.NormalizeName(email);
        if (await db.Users.AnyAsync(u => u.Id != user.Id && (u.NormalizedEmail == normalizedEmail || u.NormalizedUserName == emailAsName), cancellationToken))
        {
            return await RefuseAsync(now, actor, user, "profile.update_details", ProfileErrors.EmailTaken, changeSet, cancellationToken);
        }

        user.SetDetails(fullName, company);
        user.Email = email;
        user.NormalizedEmail = normalizedEmail;
        user.Touch();
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, "profile.update_details", "User", user.Id.ToString(), user.UserName, changeSet));
        if (await ProfileStore.TrySaveAsync(db, ProfileErrors.Stale, ProfileErrors.EmailTaken, cancellationToken) is { } failed)
        {
            return await RefuseAsync(now, actor, user, "profile.update_details", failed, changeSet, cancellationToken);
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated, by.SessionId));
        return user.ConcurrencyStamp!;
    }

    /// <summary>Changes the acting user's password: the current one must be right and the new one must meet the
    /// policy. Leaving the new password blank keeps the password (the value is null then). On a change the
    /// security stamp rotates: other sessions end.</summary>
    public async Task<Result<CredentialChange?>> ChangePasswordAsync(ActingUser by, ChangePasswordInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var own = await OwnAccount.OpenAsync(contextFactory, by, cancellationToken);
        if (own is null)
        {
            return ActorLoader.SessionEnded;
        }

        if (input.KeepsPassword)
        {
            return Result<CredentialChange?>.Success(null);
        }

        var (db, actor, user) = (own.Db, own.Actor, own.User);
        var now = clock.GetUtcNow().UtcDateTime;
        var error = Validation.FirstError(passwordValidator, input)
            ?? ProfileStore.CheckCurrentPassword(passwordHasher, user, input.CurrentPassword)
            ?? accounts.CheckNewPassword(user, input.NewPassword, input.RepeatPassword);
        if (error is not null)
        {
            return await RefuseAsync(now, actor, user, "profile.change_password", error, null, cancellationToken);
        }

        user.SetChosenPassword(passwordHasher.HashPassword(user, input.NewPassword));
        user.RotateSecurityStamp();
        user.Touch();
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, "profile.change_password", "User", user.Id.ToString(), user.UserName));
        if (await ProfileStore.TrySaveAsync(db, ProfileErrors.Stale, null, cancellationToken) is { } failed)
        {
            return await RefuseAsync(now, actor, user, "profile.change_password", failed, null, cancellationToken);
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(), ChangeAction.CredentialsChanged, by.SessionId));
        return new CredentialChange(user.Id, user.SecurityStamp!);
    }

    /// <summary>Saves the acting user's email notification choices; only with
    /// <see cref="Permissions.EmailNotifications"/>, and only over the version of the profile the form was loaded
    /// with (<paramref name="concurrencyStamp"/>). Returns the new concurrency stamp.</summary>
    public async Task<Result<string>> UpdateNotificationsAsync(
        ActingUser by, NotificationSettings settings, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var own = await OwnAccount.OpenAsync(contextFactory, by, cancellationToken);
        if (own is null)
        {
            return ActorLoader.SessionEnded;
        }

        var (db, actor, user) = (own.Db, own.Actor, own.User);
        var now = clock.GetUtcNow().UtcDateTime;
        var changeSet = NotificationChanges(user.Notifications, settings);
        var error = UserErrors.Require(actor, Permissions.EmailNotifications)
            ?? ((settings.RunningTimeAlerts & ~AllThresholds) != 0 ? ProfileErrors.UnknownAlertThreshold : null)
            ?? (string.Equals(user.ConcurrencyStamp, concurrencyStamp, StringComparison.Ordinal) ? null : ProfileErrors.Stale);
        if (error is not null)
        {
            return await RefuseAsync(now, actor, user, "profile.update_notifications", error, changeSet, cancellationToken);
        }

        if (changeSet.IsEmpty)
        {
            return user.ConcurrencyStamp!;
        }

        user.SetNotifications(settings);
        user.Touch();
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, "profile.update_notifications", "User", user.Id.ToString(), user.UserName, changeSet));
        if (await ProfileStore.TrySaveAsync(db, ProfileErrors.Stale, null, cancellationToken) is { } failed)
        {
            return await RefuseAsync(now, actor, user, "profile.update_notifications", failed, changeSet, cancellationToken);
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated, by.SessionId));
        return user.ConcurrencyStamp!;
    }

    private static readonly RunningTimeAlerts AllThresholds =
        NotificationSettings.Thresholds.Aggregate(RunningTimeAlerts.None, (all, t) => all | t.Flag);

    private Task<DomainError> RefuseAsync(
        DateTime now, Actor actor, User user, string action, DomainError error, ChangeSet? attempted, CancellationToken cancellationToken) =>
        ProfileStore.RefuseAsync(contextFactory, now, actor, action, (user.Id, user.UserName), error, attempted, cancellationToken);

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
