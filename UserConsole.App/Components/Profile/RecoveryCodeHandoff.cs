using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace UserConsole.App.Components.Profile;

/// <summary>Carries a new set of recovery codes across the full page load that renews the sign-in after 2FA was
/// turned on (a circuit cannot set cookies, and the old circuit's sign-in ends with the new security stamp). Held in
/// this process's memory only, for <see cref="Lifetime"/>, for the user who made them, and given out once. On
/// another instance, or later, the profile says so and offers a new set.</summary>
public sealed class RecoveryCodeHandoff(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (Guid UserId, IReadOnlyList<string> Codes, DateTimeOffset ExpiresAt)> _pending = new(StringComparer.Ordinal);

    /// <summary>A key to put in the return address; the codes wait under it.</summary>
    public string Put(Guid userId, IReadOnlyList<string> codes)
    {
        Sweep();
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _pending[key] = (userId, codes, clock.GetUtcNow() + Lifetime);
        return key;
    }

    /// <summary>The codes under <paramref name="key"/> when they are <paramref name="userId"/>'s and not expired;
    /// taking them removes them.</summary>
    public IReadOnlyList<string>? Take(Guid userId, string? key)
    {
        Sweep();
        return key is not null && _pending.TryRemove(key, out var entry) && entry.UserId == userId && entry.ExpiresAt > clock.GetUtcNow()
            ? entry.Codes
            : null;
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _pending)
        {
            if (entry.ExpiresAt <= now)
            {
                _pending.TryRemove(key, out _);
            }
        }
    }
}
