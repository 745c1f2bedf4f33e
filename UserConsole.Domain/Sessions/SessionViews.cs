using UserConsole.Domain.Users;

namespace UserConsole.Domain.Sessions;

/// <summary>One active session as a list shows it.</summary>
public sealed record SessionItem(
    Guid Id,
    string Browser,
    string OperatingSystem,
    string? ClientAddress,
    string SecondFactor,
    DateTime SignedInAt,
    DateTime LastActiveAt,
    bool IsCurrent,
    Capability SignOut);

/// <summary>A user's active sessions, newest activity first, and what the acting user may do with them.</summary>
public sealed record SessionList(IReadOnlyList<SessionItem> Items, Capability SignOutOthers, Capability SignOutEverywhere)
{
    /// <summary>The limits in force, which the card states ("Sessions end after 30 minutes without activity…").</summary>
    public SessionLimits Limits { get; init; } = SessionLimits.Default;

    /// <summary>The limits in words.</summary>
    public string LimitsText => $"Sessions end after {Duration(Limits.Idle)} without activity and {Duration(Limits.Absolute)} after signing in.";

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes < 120 && span.TotalMinutes % 60 != 0 || span.TotalHours < 1
            ? (span.TotalMinutes == 1 ? "1 minute" : $"{span.TotalMinutes:0} minutes")
            : (span.TotalHours == 1 ? "1 hour" : $"{span.TotalHours:0.#} hours");
}

/// <summary>How long sessions last: idle (without the person's input) and absolute (from sign-in), and how long
/// before the idle limit the page warns.</summary>
public sealed record SessionLimits(TimeSpan Idle, TimeSpan Absolute, TimeSpan Warning)
{
    public static SessionLimits Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(12), TimeSpan.FromMinutes(2));

    /// <summary>The warning comes at most halfway through the idle time (a 1-minute limit warns after 30 s).</summary>
    public TimeSpan WarningLead => Warning < Idle / 2 ? Warning : Idle / 2;

    /// <summary>Why a session that began at <paramref name="createdAt"/> and was last active at
    /// <paramref name="lastActivityAt"/> is over at <paramref name="now"/>; null while it is within both limits.</summary>
    public string? ExpiryAt(DateTime createdAt, DateTime lastActivityAt, DateTime now) =>
        now - createdAt >= Absolute ? SessionEndReasons.ExpiredAbsolute
        : now - lastActivityAt >= Idle ? SessionEndReasons.Expired
        : null;
}
