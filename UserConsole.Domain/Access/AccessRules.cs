namespace UserConsole.Domain.Access;

/// <summary>The rule every operation meets first: deny by default. An actor does only what a permission of their
/// role allows, and a refusal names the permission, so the person knows what to ask for.</summary>
public static class AccessRules
{
    public const string PermissionDeniedCode = "permission.denied";

    public static DomainError PermissionDenied(string permission) =>
        new(PermissionDeniedCode, $"You need the {permission} permission.");

    /// <summary>The code of every refusal to someone who cannot act at all: gone, disabled, or still on a generated
    /// password. The operation says "Your session has ended"; an administrator reading their access reads why.</summary>
    public const string SessionEndedCode = "session.ended";

    public static DomainError AccountDisabled { get; } = new(SessionEndedCode, "Account disabled.");

    public static DomainError PasswordNotSet { get; } = new(SessionEndedCode, "Must set a password first.");

    public static DomainError SecondFactorNotSet { get; } = new(SessionEndedCode, "Must set up two-factor authentication first.");

    /// <summary>Null when the account may act at all (enabled, done with the forced password change, and holding a
    /// second factor if the role requires one); else why not. Operations and the effective-access view call this
    /// same check.</summary>
    public static DomainError? AccountMayAct(bool isEnabled, bool mustChangePassword, bool mustSetUpSecondFactor = false) =>
        !isEnabled ? AccountDisabled : mustChangePassword ? PasswordNotSet : mustSetUpSecondFactor ? SecondFactorNotSet : null;

    /// <summary>Null when the actor holds the permission, else the refusal naming it.</summary>
    public static DomainError? Require(Actor actor, string permission)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Has(permission) ? null : PermissionDenied(permission);
    }
}
