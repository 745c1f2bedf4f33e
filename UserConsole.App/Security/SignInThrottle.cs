using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using UserConsole.App.Hosting;

namespace UserConsole.App.Security;

/// <summary>The per-username sign-in limit: attempts on one name from all addresses together, so that spraying one
/// account from many addresses is slowed as well (the per-address limit sits in front of the form). Every typed name
/// counts, existing or not, so the answer tells nothing about which names exist.</summary>
public sealed class SignInThrottle : IDisposable
{
    public const string RefusedMessage = "Too many sign-in attempts for this account. Wait a minute and try again.";

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ISecurityPolicySource _policy;

    public SignInThrottle(IOptions<SecurityOptions> options, ISecurityPolicySource policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        var window = TimeSpan.FromSeconds(options.Value.SignInWindowSeconds);

        // The key is "limit|NAME": a limit changed on the Settings page applies from the next attempt (a new window).
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = int.Parse(k.AsSpan(0, k.IndexOf('|', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture),
            Window = window,
            QueueLimit = 0,
        }));
    }

    /// <summary>True when another attempt on <paramref name="userNameOrEmail"/> is allowed now.</summary>
    public bool TryAttempt(string userNameOrEmail)
    {
        ArgumentNullException.ThrowIfNull(userNameOrEmail);
        var limit = _policy.Current.SignInPerUserPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var lease = _limiter.AttemptAcquire(limit + "|" + userNameOrEmail.Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
