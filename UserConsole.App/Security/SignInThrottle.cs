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

    public SignInThrottle(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var security = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = security.SignInPerUserPermitLimit,
            Window = TimeSpan.FromSeconds(security.SignInWindowSeconds),
            QueueLimit = 0,
        }));
    }

    /// <summary>True when another attempt on <paramref name="userNameOrEmail"/> is allowed now.</summary>
    public bool TryAttempt(string userNameOrEmail)
    {
        ArgumentNullException.ThrowIfNull(userNameOrEmail);
        using var lease = _limiter.AttemptAcquire(userNameOrEmail.Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
