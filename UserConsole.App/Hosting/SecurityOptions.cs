namespace UserConsole.App.Hosting;

/// <summary>Lockout, sign-in rate limit and session lengths (configuration section "Security"), so that
/// tests and operators can set their own.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The section's values, or the defaults where it is missing.</summary>
    public static SecurityOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(Section).Get<SecurityOptions>() ?? new SecurityOptions();
    }

    public int LockoutMaxFailedAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in POSTs allowed per client address per window.</summary>
    public int SignInPermitLimit { get; set; } = 10;

    public int SignInWindowSeconds { get; set; } = 60;

    public int SessionIdleMinutes { get; set; } = 30;

    public int SessionAbsoluteHours { get; set; } = 12;
}
