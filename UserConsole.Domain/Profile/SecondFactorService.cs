using System.Buffers.Text;
using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>A passkey as the profile lists it; <see cref="Id"/> is the credential id in base64url.</summary>
public sealed record PasskeyView(string Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>The second factors of one's own account besides the authenticator app.</summary>
public sealed record SecondFactorsView(bool TwoFactorEnabled, int RecoveryCodesLeft, IReadOnlyList<PasskeyView> Passkeys);

/// <summary>Recovery codes (hashed, single use; see <see cref="RecoveryCodes"/>) and passkeys (ASP.NET Core
/// Identity's, verified by its passkey handler before they reach this class). No code ever leaves this class except
/// in the one result that shows a new set to its owner; audit entries name the event, never a code.</summary>
public sealed class SecondFactorService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    TimeProvider clock,
    SecurityNotifications notifications)
{
    public const int MaxPasskeys = 20;
    public const int PasskeyNameMax = 50;

    public static DomainError PasskeyNameRequired { get; } =
        new("passkey.name_required", "Give the passkey a name, such as the device or app that holds it.", "PasskeyName");

    public static DomainError PasskeyNameTooLong { get; } =
        new("passkey.name_too_long", $"Keep the passkey's name to {PasskeyNameMax} characters.", "PasskeyName");

    public static DomainError TooManyPasskeys { get; } =
        new("passkey.too_many", $"You have {MaxPasskeys} passkeys, the most an account may hold. Remove one you no longer use first.");

    public static DomainError PasskeyTaken { get; } = new("passkey.already_registered", "This passkey is already registered.");

    public static DomainError PasskeyNotFound { get; } = new("passkey.not_found", "This passkey is not on your account any more.");

    public static DomainError RecoveryCodesNeedTwoFactor { get; } =
        new("recovery_codes.two_factor_off", "Recovery codes come with two-factor authentication: turn it on first.");

    /// <summary>Null when <paramref name="name"/> (trimmed) can name a passkey.</summary>
    public static DomainError? CheckPasskeyName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? PasskeyNameRequired : name.Trim().Length > PasskeyNameMax ? PasskeyNameTooLong : null;

    public async Task<Result<SecondFactorsView>> GetAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await ActorLoader.LoadAsync(db, by.UserId, cancellationToken) is null)
        {
            return ActorLoader.SessionEnded;
        }

        var twoFactor = await db.Users.AsNoTracking().Where(u => u.Id == by.UserId).Select(u => u.TwoFactorEnabled).SingleAsync(cancellationToken);
        var stored = await StoredCodes(db, by.UserId).SingleOrDefaultAsync(cancellationToken);
        var passkeys = await db.UserPasskeys.AsNoTracking().Where(p => p.UserId == by.UserId).ToListAsync(cancellationToken);
        return new SecondFactorsView(twoFactor, twoFactor ? RecoveryCodes.CountOf(stored) : 0,
            [.. passkeys.OrderBy(p => p.Data.CreatedAt).Select(View)]);
    }

    /// <summary>A new set of recovery codes for the acting user; the old ones stop working. The codes are in the
    /// result only: show them once.</summary>
    public async Task<Result<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("user.recovery_codes.regenerate"), AuditTarget.Of(by?.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.OwnUserAsync();
        if (await op.RefuseIfAsync(user.TwoFactorEnabled ? null : RecoveryCodesNeedTwoFactor) is { } refused)
        {
            return refused;
        }

        var codes = RecoveryCodes.NewSet();
        await ReplaceRecoveryCodesAsync(op.Db, user.Id, codes, cancellationToken);
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated);
        return await op.CommitAsync() is { } failed ? failed : Result<IReadOnlyList<string>>.Success(codes);
    }

    /// <summary>The sign-in check of a recovery code, verify and consume in one step: true when it is one of the
    /// user's unused codes. The code is removed by a conditional UPDATE (of two concurrent uses of one code exactly
    /// one succeeds), in one transaction with the audit entry and the security mail.</summary>
    public async Task<bool> RedeemRecoveryCodeAsync(Guid userId, string? code, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.IsEnabled && u.TwoFactorEnabled, cancellationToken);
        var stored = user is null ? null : await StoredCodes(db, userId).SingleOrDefaultAsync(cancellationToken);
        if (user is null || RecoveryCodes.Without(stored, userId, code) is not { } remaining)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consumed = await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == RecoveryCodes.LoginProvider && t.Name == RecoveryCodes.TokenName && t.Value == stored)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, remaining), cancellationToken);
        if (consumed != 1)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var left = RecoveryCodes.CountOf(remaining).ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.AuditEntries.Add(new AuditEntry(now, user.Id, user.UserName!, user.FullName, user.Company, "user.recovery_code.used", "User",
            user.Id.ToString(), user.UserName, new ChangeSet().Add("RecoveryCodesLeft", null, left).ToJson(), AuditOutcome.Succeeded, null));
        await notifications.QueueAsync(db, now, user, SecurityNotice.RecoveryCodeUsed, by: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds a passkey that Identity's handler verified (attestation) to the acting user's account, under the
    /// name they chose; the user is told by mail.</summary>
    public async Task<Result<PasskeyView>> AddPasskeyAsync(ActingUser by, UserPasskeyInfo passkey, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("user.passkey.add"), AuditTarget.Of(by?.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.OwnUserAsync();
        var trimmed = name?.Trim() ?? "";
        op.Attempted = new ChangeSet().Add("Passkey", null, trimmed.Length > PasskeyNameMax ? trimmed[..PasskeyNameMax] : trimmed);
        var count = await op.Db.UserPasskeys.CountAsync(p => p.UserId == user.Id, cancellationToken);
        var error = CheckPasskeyName(trimmed)
            ?? (count >= MaxPasskeys ? TooManyPasskeys
            : await op.Db.UserPasskeys.AnyAsync(p => p.CredentialId == passkey.CredentialId, cancellationToken) ? PasskeyTaken
            : null);
        if (await op.RefuseIfAsync(error) is { } refused)
        {
            return refused;
        }

        var added = UserPasskey.From(user.Id, passkey, trimmed);
        op.Db.UserPasskeys.Add(added);
        await notifications.QueueAsync(op.Db, op.Now, user, SecurityNotice.PasskeyAdded, by: null, cancellationToken, detail: trimmed);
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated);
        return await op.CommitAsync(new ChangeSet().Add("Passkey", null, trimmed)) is { } failed ? failed : View(added);
    }

    /// <summary>Removes one of the acting user's passkeys (<paramref name="id"/> as <see cref="PasskeyView.Id"/>).</summary>
    public async Task<Result> RemovePasskeyAsync(ActingUser by, string id, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("user.passkey.remove"), AuditTarget.Of(by?.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.OwnUserAsync();
        var credentialId = DecodeId(id);
        var passkey = credentialId is null ? null
            : await op.Db.UserPasskeys.SingleOrDefaultAsync(p => p.UserId == user.Id && p.CredentialId == credentialId, cancellationToken);
        if (passkey is null)
        {
            return await op.RefuseAsync(PasskeyNotFound);
        }

        op.Db.UserPasskeys.Remove(passkey);
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.Updated);
        return await op.CommitAsync(new ChangeSet().Add("Passkey", passkey.Data.Name, null), lostRace: PasskeyNotFound) is { } failed
            ? failed
            : Result.Success;
    }

    /// <summary>Replaces the user's recovery codes with <paramref name="codes"/> (stored hashed) in the context's next save.</summary>
    internal static async Task ReplaceRecoveryCodesAsync(UserConsoleDbContext db, Guid userId, IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var stored = RecoveryCodes.Store(userId, codes);
        var row = await db.UserTokens.SingleOrDefaultAsync(
            t => t.UserId == userId && t.LoginProvider == RecoveryCodes.LoginProvider && t.Name == RecoveryCodes.TokenName, cancellationToken);
        if (row is null)
        {
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = userId, LoginProvider = RecoveryCodes.LoginProvider, Name = RecoveryCodes.TokenName, Value = stored });
        }
        else
        {
            row.Value = stored;
        }
    }

    private static IQueryable<string?> StoredCodes(UserConsoleDbContext db, Guid userId) =>
        db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.LoginProvider == RecoveryCodes.LoginProvider && t.Name == RecoveryCodes.TokenName)
            .Select(t => t.Value);

    private static PasskeyView View(UserPasskey p) =>
        new(Base64Url.EncodeToString(p.CredentialId), p.Data.Name ?? "Passkey", p.Data.CreatedAt.UtcDateTime, p.LastUsedAt);

    private static byte[]? DecodeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 2048)
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
