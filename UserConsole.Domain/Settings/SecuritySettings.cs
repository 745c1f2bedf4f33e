namespace UserConsole.Domain.Settings;

/// <summary>The security policy as an administrator saved it on the Settings page: one row. Until it is saved once,
/// <see cref="SecurityPolicyDefaults"/> (appsettings) give the values.</summary>
public sealed class SecuritySettings
{
    public const int SingletonId = 1;

    private SecuritySettings()
    {
    }

    internal SecuritySettings(SecurityPolicyInput input)
    {
        Id = SingletonId;
        Apply(input);
    }

    public int Id { get; private set; }

    public int LockoutMaxFailedAttempts { get; private set; }

    public int LockoutMinutes { get; private set; }

    public int SessionIdleMinutes { get; private set; }

    public int SessionAbsoluteHours { get; private set; }

    public int OneTimePasswordHours { get; private set; }

    public int ReauthenticateMinutes { get; private set; }

    public int SignInPermitLimit { get; private set; }

    public int SignInPerUserPermitLimit { get; private set; }

    public string ConcurrencyStamp { get; private set; } = "";

    internal void Apply(SecurityPolicyInput input)
    {
        LockoutMaxFailedAttempts = input.LockoutMaxFailedAttempts;
        LockoutMinutes = input.LockoutMinutes;
        SessionIdleMinutes = input.SessionIdleMinutes;
        SessionAbsoluteHours = input.SessionAbsoluteHours;
        OneTimePasswordHours = input.OneTimePasswordHours;
        ReauthenticateMinutes = input.ReauthenticateMinutes;
        SignInPermitLimit = input.SignInPermitLimit;
        SignInPerUserPermitLimit = input.SignInPerUserPermitLimit;
        ConcurrencyStamp = Guid.NewGuid().ToString("N");
    }

    internal SecurityPolicyInput ToInput() => new()
    {
        LockoutMaxFailedAttempts = LockoutMaxFailedAttempts,
        LockoutMinutes = LockoutMinutes,
        SessionIdleMinutes = SessionIdleMinutes,
        SessionAbsoluteHours = SessionAbsoluteHours,
        OneTimePasswordHours = OneTimePasswordHours,
        ReauthenticateMinutes = ReauthenticateMinutes,
        SignInPermitLimit = SignInPermitLimit,
        SignInPerUserPermitLimit = SignInPerUserPermitLimit,
        ConcurrencyStamp = ConcurrencyStamp,
    };
}
