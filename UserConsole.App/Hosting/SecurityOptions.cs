using System.Net;

namespace UserConsole.App.Hosting;

/// <summary>Lockout, sign-in rate limits, session lengths, proxies and origins (configuration section "Security"),
/// so that tests and operators can set their own.</summary>
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

    /// <summary>Sign-in POSTs allowed per client address (an IPv6 client: per /64 network) per window.</summary>
    public int SignInPermitLimit { get; set; } = 10;

    /// <summary>Sign-in attempts allowed per username per window, from all addresses together.</summary>
    public int SignInPerUserPermitLimit { get; set; } = 10;

    public int SignInWindowSeconds { get; set; } = 60;

    public int SessionIdleMinutes { get; set; } = 30;

    public int SessionAbsoluteHours { get; set; } = 12;

    /// <summary>How long before the idle limit the page warns (at most half the idle time).</summary>
    public int SessionWarningSeconds { get; set; } = 120;

    /// <summary>How long a generated (one-time) password signs in before an administrator must issue a new one.</summary>
    public int OneTimePasswordHours { get; set; } = 24;

    /// <summary>How long a proof of identity ("Confirm it's you") stays fresh for sensitive administration.</summary>
    public int ReauthenticateMinutes { get; set; } = 5;

    /// <summary>The relying-party id of passkeys: the site's domain name (WebAuthn refuses an IP address). Unset, it is
    /// the host of each request. A passkey only works under the domain it was made for.</summary>
    public string? PasskeyServerDomain { get; set; }

    /// <summary>The domain's view of these values: the policy of a new install, in force until an administrator saves
    /// the Security policy on the Settings page.</summary>
    public SecurityPolicy ToPolicy() => new(
        TimeSpan.FromHours(OneTimePasswordHours), LockoutMaxFailedAttempts, TimeSpan.FromMinutes(LockoutMinutes), TimeSpan.FromMinutes(ReauthenticateMinutes))
    {
        SessionIdle = TimeSpan.FromMinutes(SessionIdleMinutes),
        SessionAbsolute = TimeSpan.FromHours(SessionAbsoluteHours),
        SignInPermitLimit = SignInPermitLimit,
        SignInPerUserPermitLimit = SignInPerUserPermitLimit,
    };

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed, comma-separated. None by
    /// default: the headers are ignored.</summary>
    public string? KnownProxies { get; set; }

    /// <summary>Networks of such proxies in CIDR notation (10.0.0.0/8), comma-separated.</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>Origins besides the app's own that may open the Blazor hub (https://console.example.com),
    /// comma-separated.</summary>
    public string? AllowedOrigins { get; set; }

    public IReadOnlyList<IPAddress> ParsedKnownProxies() => [.. Split(KnownProxies).Select(IPAddress.Parse)];

    public IReadOnlyList<IPNetwork> ParsedKnownNetworks() => [.. Split(KnownNetworks).Select(n => IPNetwork.Parse(n))];

    public IReadOnlyList<string> ParsedAllowedOrigins() => [.. Split(AllowedOrigins).Select(o => o.TrimEnd('/'))];

    private static string[] Split(string? list) =>
        (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
