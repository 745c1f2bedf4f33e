namespace UserConsole.Domain.Access;

/// <summary>The security policy in force: how long a generated password is good for, the lockout after wrong
/// passwords or codes, the step-up window, the session limits and the sign-in rate limits. Read when an operation
/// runs and by every request's session check, so a source that changes at run time (the Settings page's
/// <see cref="Settings.SecurityPolicyStore"/>) applies at the next operation, without a restart.</summary>
public sealed record SecurityPolicy(TimeSpan OneTimePasswordValidity, int LockoutMaxFailedAttempts, TimeSpan LockoutDuration, TimeSpan Reauthenticate)
{
    public static SecurityPolicy Default { get; } = new(TimeSpan.FromHours(24), 5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

    /// <summary>A session without the person's input ends after this long.</summary>
    public TimeSpan SessionIdle { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after its sign-in, input or not.</summary>
    public TimeSpan SessionAbsolute { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Sign-in attempts allowed per client address in one window.</summary>
    public int SignInPermitLimit { get; init; } = 10;

    /// <summary>Sign-in attempts allowed per typed account name (all addresses together) in one window.</summary>
    public int SignInPerUserPermitLimit { get; init; } = 10;
}

/// <summary>Where the domain reads the current <see cref="SecurityPolicy"/>.</summary>
public interface ISecurityPolicySource
{
    SecurityPolicy Current { get; }
}

/// <summary>A policy that never changes (benchmarks, tests).</summary>
public sealed class FixedSecurityPolicy(SecurityPolicy policy) : ISecurityPolicySource
{
    public SecurityPolicy Current { get; } = policy ?? throw new ArgumentNullException(nameof(policy));
}

/// <summary>The policy of a new install (appsettings' "Security" section): in force until an administrator saves the
/// Security policy on the Settings page, and the values that form starts from.</summary>
public sealed record SecurityPolicyDefaults(SecurityPolicy Policy);
