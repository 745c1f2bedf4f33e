namespace UserConsole.Domain.Access;

/// <summary>The security policy in force: how long a generated password is good for, the lockout after wrong
/// passwords or codes, and how long a "Confirm it's you" proof lets sensitive administration go on. Read when an
/// operation runs,
/// so a source that changes at run time (a settings store) applies at the next operation.</summary>
public sealed record SecurityPolicy(TimeSpan OneTimePasswordValidity, int LockoutMaxFailedAttempts, TimeSpan LockoutDuration, TimeSpan Reauthenticate)
{
    public static SecurityPolicy Default { get; } = new(TimeSpan.FromHours(24), 5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));
}

/// <summary>Where the domain reads the current <see cref="SecurityPolicy"/>.</summary>
public interface ISecurityPolicySource
{
    SecurityPolicy Current { get; }
}

/// <summary>A policy that never changes (configuration at start-up, tests).</summary>
public sealed class FixedSecurityPolicy(SecurityPolicy policy) : ISecurityPolicySource
{
    public SecurityPolicy Current { get; } = policy ?? throw new ArgumentNullException(nameof(policy));
}
