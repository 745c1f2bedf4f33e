using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Sessions;

/// <summary>What "Confirm it's you" asks for: the password, or a current authenticator code.</summary>
public sealed class ConfirmIdentityInput
{
    /// <summary>One of <see cref="SessionProofs"/>.</summary>
    public string Kind { get; set; } = SessionProofs.Password;

    public string Password { get; set; } = "";

    public string Code { get; set; } = "";

    // Never print what was typed.
    public override string ToString() => $"{nameof(ConfirmIdentityInput)}({Kind})";
}

/// <summary>Whether the session holds a fresh proof, and which proofs this person can give besides the password.</summary>
public sealed record ProofStatus(bool IsFresh, bool HasAuthenticator, bool HasPasskey);

/// <summary>"Confirm it's you": records in the signed-in session that the person proved it is them (password, a
/// TOTP code accepted once, or one of their passkeys verified by Identity), which sensitive administration requires within the policy's
/// <see cref="SecurityPolicy.Reauthenticate"/> window (<see cref="StepUpRules"/>). A wrong password or code counts
/// toward the actor's lockout, as at sign-in. Each confirmation and each refusal is audited, without what was typed.
/// A passkey is verified over HTTP (WebAuthn needs the request's origin), then recorded by
/// <see cref="ConfirmWithPasskeyAsync"/>.</summary>
public sealed class IdentityConfirmation(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    IPasswordHasher<User> passwordHasher,
    TwoFactorService twoFactor,
    ISecurityPolicySource policy,
    TimeProvider clock)
{
    private static readonly OperationSpec ConfirmSpec = new("session.reauthenticate", "Session", null, SessionRules.SessionNotFound);

    /// <summary>Whether the acting session's proof is still fresh, and whether the person has an authenticator app.</summary>
    public async Task<Result<ProofStatus>> StatusAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await ActorLoader.LoadAsync(db, by.UserId, cancellationToken) is not { } actor)
        {
            return ActorLoader.SessionEnded;
        }

        var session = by.SignInSessionId is { } id ? await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
        var fresh = StepUpRules.ProofIsFresh(session, actor.UserId, clock.GetUtcNow().UtcDateTime, policy.Current.Reauthenticate) is null;
        var authenticator = await db.Users.AnyAsync(u => u.Id == actor.UserId && u.TwoFactorEnabled, cancellationToken);
        var passkey = await db.UserPasskeys.AnyAsync(p => p.UserId == actor.UserId, cancellationToken);
        return new ProofStatus(fresh, authenticator, passkey);
    }

    /// <summary>Checks the password or code and records the proof in the acting session.</summary>
    public async Task<Result> ConfirmAsync(ActingUser by, ConfirmIdentityInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, ConfirmSpec, AuditTarget.Of(by.SignInSessionId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await SessionOfAsync(op, by, cancellationToken) is not { } session)
        {
            return await op.RefuseAsync(StepUpRules.ProofNeedsSession);
        }

        var user = await op.Db.Users.AsNoTracking().SingleAsync(u => u.Id == op.Actor.UserId, cancellationToken);
        var kind = input.Kind == SessionProofs.Authenticator ? SessionProofs.Authenticator : SessionProofs.Password;
        var (error, counts) = user.IsLockedOut(op.Now) ? (StepUpRules.LockedOut, false)
            : kind == SessionProofs.Password ? CheckPassword(user, input.Password)
            : await CheckCodeAsync(user, input.Code, cancellationToken);
        if (error is not null)
        {
            return await op.RefuseAsync(error, countsTowardLockout: counts);
        }

        session.RecordProof(op.Now, kind);
        return await op.CommitAsync(new ChangeSet().Add("Proof", null, kind)) is { } failed ? failed : Result.Success;
    }

    /// <summary>Records a passkey proof: <paramref name="passkeyOwner"/> is the account whose passkey Identity just
    /// verified (null when the browser's answer did not verify). It must be the actor's own. A failed passkey is not
    /// a guess at a secret, so it is audited but does not count toward the lockout.</summary>
    public async Task<Result> ConfirmWithPasskeyAsync(ActingUser by, Guid? passkeyOwner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var op = await operations.BeginAsync(by, ConfirmSpec, AuditTarget.Of(by.SignInSessionId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await SessionOfAsync(op, by, cancellationToken) is not { } session)
        {
            return await op.RefuseAsync(StepUpRules.ProofNeedsSession);
        }

        var error = passkeyOwner is not { } owner ? StepUpRules.PasskeyNotVerified
            : owner != op.Actor.UserId ? StepUpRules.PasskeyOfAnotherAccount
            : (await op.Db.Users.AsNoTracking().SingleAsync(u => u.Id == owner, cancellationToken)).IsLockedOut(op.Now) ? StepUpRules.LockedOut
            : null;
        if (error is not null)
        {
            return await op.RefuseAsync(error);
        }

        session.RecordProof(op.Now, SessionProofs.Passkey);
        return await op.CommitAsync(new ChangeSet().Add("Proof", null, SessionProofs.Passkey)) is { } failed ? failed : Result.Success;
    }

    /// <summary>The acting sign-in session, when it is the actor's and still open (a proof belongs to one session).</summary>
    private static async Task<UserSession?> SessionOfAsync(Operation op, ActingUser by, CancellationToken cancellationToken)
    {
        var session = by.SignInSessionId is { } id ? await op.Db.Sessions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
        op.About(by.SignInSessionId?.ToString(), op.Actor.UserName);
        return session is null || session.UserId != op.Actor.UserId || session.IsEnded ? null : session;
    }

    private (DomainError? Error, bool Counts) CheckPassword(User user, string? password) =>
        string.IsNullOrEmpty(password) ? (StepUpRules.PasswordRequired, false)
        : user.PasswordHash is null || passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed
            ? (StepUpRules.PasswordWrong, true)
            : (null, false);

    private async Task<(DomainError? Error, bool Counts)> CheckCodeAsync(User user, string? code, CancellationToken cancellationToken) =>
        !user.TwoFactorEnabled ? (StepUpRules.NoAuthenticator, false)
        : AuthenticatorCodes.Normalize(code) is null ? (StepUpRules.CodeRequired, false)
        : await twoFactor.VerifyAndConsumeAsync(user.Id, code, cancellationToken) ? (null, false)
        : (StepUpRules.CodeWrong, true);
}
