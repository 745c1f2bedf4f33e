namespace UserConsole.Domain.Access;

/// <summary>The rule every operation meets first: deny by default. An actor does only what a permission of their
/// role allows, and a refusal names the permission, so the person knows what to ask for.</summary>
public static class AccessRules
{
    public const string PermissionDeniedCode = "permission.denied";

    public static DomainError PermissionDenied(string permission) =>
        new(PermissionDeniedCode, $"You need the {permission} permission.");

    /// <summary>Null when the actor holds the permission, else the refusal naming it.</summary>
    public static DomainError? Require(Actor actor, string permission)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Has(permission) ? null : PermissionDenied(permission);
    }
}
