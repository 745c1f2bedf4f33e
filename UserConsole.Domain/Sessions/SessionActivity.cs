using System.Collections.Concurrent;

namespace UserConsole.Domain.Sessions;

/// <summary>The last activity of each session, in memory (singleton): circuits read it every tick to enforce the
/// idle limit and show the warning, without a query. The database copy is written at most every
/// <see cref="WriteInterval"/>, so that a restart or another process loses only seconds of activity.</summary>
public sealed class SessionActivity
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    /// <summary>What is known of a session: whose it is, when it began, its last activity, and why it ended (null
    /// while open).</summary>
    public sealed record Entry(Guid UserId, DateTime CreatedAt, DateTime LastActivityAt, DateTime LastWrittenAt, string? EndReason);

    public Entry? Find(Guid sessionId) => _entries.TryGetValue(sessionId, out var entry) ? entry : null;

    /// <summary>Takes the stored state of a session (first sight, or after the database said more).</summary>
    public Entry Remember(UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _entries.AddOrUpdate(
            session.Id,
            _ => new Entry(session.UserId, session.CreatedAt, session.LastActivityAt, session.LastActivityAt, session.EndReason),
            (_, old) => old with
            {
                UserId = session.UserId,
                CreatedAt = session.CreatedAt,
                LastActivityAt = Max(old.LastActivityAt, session.LastActivityAt),
                LastWrittenAt = Max(old.LastWrittenAt, session.LastActivityAt),
                EndReason = old.EndReason ?? session.EndReason,
            });
    }

    /// <summary>Records activity at <paramref name="at"/>; true when the database copy is due for a write.</summary>
    public bool Touch(Guid sessionId, DateTime at)
    {
        var due = false;
        _entries.AddOrUpdate(
            sessionId,
            _ => new Entry(Guid.Empty, at, at, DateTime.MinValue, null),
            (_, old) =>
            {
                due = old.EndReason is null && at - old.LastWrittenAt >= WriteInterval;
                return old with { LastActivityAt = Max(old.LastActivityAt, at) };
            });
        return due;
    }

    public void Written(Guid sessionId, DateTime at) =>
        _entries.AddOrUpdate(sessionId, _ => new Entry(Guid.Empty, at, at, at, null), (_, old) => old with { LastWrittenAt = Max(old.LastWrittenAt, at) });

    public void Ended(Guid sessionId, string reason) =>
        _entries.AddOrUpdate(sessionId, _ => new Entry(Guid.Empty, DateTime.MinValue, DateTime.MinValue, DateTime.MinValue, reason), (_, old) => old with { EndReason = old.EndReason ?? reason });

    /// <summary>Forgets sessions that ended or went quiet long ago (their circuits are gone).</summary>
    public void Prune(DateTime before)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.LastActivityAt < before)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
