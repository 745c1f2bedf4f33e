using System.Globalization;
using FluentValidation;

namespace UserConsole.Domain.Settings;

/// <summary>The Security policy form: whole minutes, hours and counts, each within its bounds
/// (<see cref="SecurityPolicyBounds"/>).</summary>
public sealed class SecurityPolicyInput
{
    public int LockoutMaxFailedAttempts { get; set; }

    public int LockoutMinutes { get; set; }

    public int SessionIdleMinutes { get; set; }

    public int SessionAbsoluteHours { get; set; }

    public int OneTimePasswordHours { get; set; }

    public int ReauthenticateMinutes { get; set; }

    public int SignInPermitLimit { get; set; }

    public int SignInPerUserPermitLimit { get; set; }

    /// <summary>The version of the settings the form was loaded with (null before the first save).</summary>
    public string? ConcurrencyStamp { get; set; }

    /// <summary>The form's values of a policy (whole units, rounded up so that nothing gets shorter by display).</summary>
    public static SecurityPolicyInput From(SecurityPolicy policy, string? concurrencyStamp)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new()
        {
            LockoutMaxFailedAttempts = policy.LockoutMaxFailedAttempts,
            LockoutMinutes = (int)Math.Ceiling(policy.LockoutDuration.TotalMinutes),
            SessionIdleMinutes = (int)Math.Ceiling(policy.SessionIdle.TotalMinutes),
            SessionAbsoluteHours = (int)Math.Ceiling(policy.SessionAbsolute.TotalHours),
            OneTimePasswordHours = (int)Math.Ceiling(policy.OneTimePasswordValidity.TotalHours),
            ReauthenticateMinutes = (int)Math.Ceiling(policy.Reauthenticate.TotalMinutes),
            SignInPermitLimit = policy.SignInPermitLimit,
            SignInPerUserPermitLimit = policy.SignInPerUserPermitLimit,
            ConcurrencyStamp = concurrencyStamp,
        };
    }

    internal SecurityPolicy ToPolicy() => new(
        TimeSpan.FromHours(OneTimePasswordHours), LockoutMaxFailedAttempts, TimeSpan.FromMinutes(LockoutMinutes), TimeSpan.FromMinutes(ReauthenticateMinutes))
    {
        SessionIdle = TimeSpan.FromMinutes(SessionIdleMinutes),
        SessionAbsolute = TimeSpan.FromHours(SessionAbsoluteHours),
        SignInPermitLimit = SignInPermitLimit,
        SignInPerUserPermitLimit = SignInPerUserPermitLimit,
    };

    /// <summary>Every field before and after, for the audit trail.</summary>
    internal static ChangeSet Diff(SecurityPolicyInput before, SecurityPolicyInput after)
    {
        static string S(int value) => value.ToString(CultureInfo.InvariantCulture);
        return new ChangeSet()
            .Add("LockoutMaxFailedAttempts", S(before.LockoutMaxFailedAttempts), S(after.LockoutMaxFailedAttempts))
            .Add("LockoutMinutes", S(before.LockoutMinutes), S(after.LockoutMinutes))
            .Add("SessionIdleMinutes", S(before.SessionIdleMinutes), S(after.SessionIdleMinutes))
            .Add("SessionAbsoluteHours", S(before.SessionAbsoluteHours), S(after.SessionAbsoluteHours))
            .Add("OneTimePasswordHours", S(before.OneTimePasswordHours), S(after.OneTimePasswordHours))
            .Add("ReauthenticateMinutes", S(before.ReauthenticateMinutes), S(after.ReauthenticateMinutes))
            .Add("SignInPermitLimit", S(before.SignInPermitLimit), S(after.SignInPermitLimit))
            .Add("SignInPerUserPermitLimit", S(before.SignInPerUserPermitLimit), S(after.SignInPerUserPermitLimit));
    }
}

/// <summary>What the Security policy form accepts: short enough to protect, long enough to work with.</summary>
public static class SecurityPolicyBounds
{
    public static (int Min, int Max) LockoutAttempts { get; } = (3, 20);

    public static (int Min, int Max) LockoutMinutes { get; } = (1, 1440);

    public static (int Min, int Max) SessionIdleMinutes { get; } = (5, 480);

    public static (int Min, int Max) SessionAbsoluteHours { get; } = (1, 72);

    public static (int Min, int Max) OneTimePasswordHours { get; } = (1, 168);

    public static (int Min, int Max) ReauthenticateMinutes { get; } = (1, 60);

    public static (int Min, int Max) SignInPermitLimit { get; } = (3, 1000);
}

public sealed class SecurityPolicyInputValidator : AbstractValidator<SecurityPolicyInput>
{
    public SecurityPolicyInputValidator()
    {
        Between(i => i.LockoutMaxFailedAttempts, SecurityPolicyBounds.LockoutAttempts, "wrong attempts");
        Between(i => i.LockoutMinutes, SecurityPolicyBounds.LockoutMinutes, "minutes");
        Between(i => i.SessionIdleMinutes, SecurityPolicyBounds.SessionIdleMinutes, "minutes");
        Between(i => i.SessionAbsoluteHours, SecurityPolicyBounds.SessionAbsoluteHours, "hours");
        RuleFor(i => i.SessionAbsoluteHours)
            .Must((input, hours) => hours * 60 >= input.SessionIdleMinutes)
            .When(i => i.SessionAbsoluteHours >= SecurityPolicyBounds.SessionAbsoluteHours.Min)
            .WithMessage("The absolute limit cannot be shorter than the idle limit.");
        Between(i => i.OneTimePasswordHours, SecurityPolicyBounds.OneTimePasswordHours, "hours");
        Between(i => i.ReauthenticateMinutes, SecurityPolicyBounds.ReauthenticateMinutes, "minutes");
        Between(i => i.SignInPermitLimit, SecurityPolicyBounds.SignInPermitLimit, "attempts");
        Between(i => i.SignInPerUserPermitLimit, SecurityPolicyBounds.SignInPermitLimit, "attempts");
    }

    private void Between(System.Linq.Expressions.Expression<Func<SecurityPolicyInput, int>> field, (int Min, int Max) bounds, string unit) =>
        RuleFor(field).InclusiveBetween(bounds.Min, bounds.Max)
            .WithMessage($"Enter a whole number from {bounds.Min} to {bounds.Max} ({unit}).");
}
