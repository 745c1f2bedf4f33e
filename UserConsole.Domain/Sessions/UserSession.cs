namespace UserConsole.Domain.Sessions;

/// <summary>One sign-in of one browser: the session cookie carries only its id. It ends once (signed out, ended
/// from another session or by an administrator, expired); an ended session never comes back.</summary>
public sealed class UserSession
{
    public const int ClientAddressLength = 64;
    public const int DescriptionLength = 64;
    public const int ReasonLength = 32;

    private UserSession()
    {
    }

    public UserSession(Guid userId, DateTime createdAt, string? clientAddress, ClientDescription client, string secondFactor)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(secondFactor);
        Id = Guid.NewGuid();
        UserId = userId;
        CreatedAt = createdAt;
        LastActivityAt = createdAt;
        ClientAddress = clientAddress is { Length: > ClientAddressLength } ? clientAddress[..ClientAddressLength] : clientAddress;
        Browser = client.Browser;
        OperatingSystem = client.OperatingSystem;
        SecondFactor = secondFactor;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime LastActivityAt { get; private set; }

    /// <summary>The client's address as the app saw it (after trusted proxies' forwarded headers).</summary>
    public string? ClientAddress { get; private set; }

    public string Browser { get; private set; } = "";

    public string OperatingSystem { get; private set; } = "";

    /// <summary>How the second factor was passed at sign-in: <see cref="SessionFactors.None"/> or
    /// <see cref="SessionFactors.Authenticator"/>.</summary>
    public string SecondFactor { get; private set; } = SessionFactors.None;

    /// <summary>When the person last proved in this session that it is them ("Confirm it's you"); sensitive
    /// administration goes on only within the policy's window after it. Signing in does not count.</summary>
    public DateTime? ReauthenticatedAt { get; private set; }

    /// <summary>How that proof was given: one of <see cref="SessionProofs"/>; null before the first.</summary>
    public string? ReauthenticatedWith { get; private set; }

    public DateTime? EndedAt { get; private set; }

    /// <summary>Why it ended: one of <see cref="SessionEndReasons"/>, or what happened to the account ("disabled", …).</summary>
    public string? EndReason { get; private set; }

    public bool IsEnded => EndedAt is not null;

    public void RecordActivity(DateTime at)
    {
        if (at > LastActivityAt)
        {
            LastActivityAt = at;
        }
    }

    /// <summary>Records a proof of identity given in this session ("Confirm it's you").</summary>
    public void RecordProof(DateTime at, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ReauthenticatedAt = at;
        ReauthenticatedWith = kind;
    }

    /// <summary>True while a proof given in this session is younger than <paramref name="window"/>.</summary>
    public bool HasFreshProof(DateTime now, TimeSpan window) =>
        !IsEnded && ReauthenticatedAt is { } at && at <= now && now - at < window;

    /// <summary>Ends the session; a session already ended keeps its first reason.</summary>
    public bool End(DateTime at, string reason)
    {
        if (IsEnded)
        {
            return false;
        }

        EndedAt = at;
        EndReason = reason;
        return true;
    }
}

/// <summary>How the second factor was passed when the session began.</summary>
public static class SessionFactors
{
    public const string None = "none";
    public const string Authenticator = "authenticator";
    public const string RecoveryCode = "recovery-code";
    public const string Passkey = "passkey";

    public static string Describe(string factor) => factor switch
    {
        Authenticator => "Authenticator app",
        RecoveryCode => "Recovery code",
        Passkey => "Passkey",
        _ => "Password only",
    };
}

/// <summary>How a person proved it is them in "Confirm it's you". A new second factor adds its kind here.</summary>
public static class SessionProofs
{
    public const string Password = "password";
    public const string Authenticator = "authenticator";
    public const string Passkey = "passkey";
}

/// <summary>Why a session ended. The sign-in page shows a fixed sentence for each.</summary>
public static class SessionEndReasons
{
    public const string SignedOut = "signed-out";
    public const string SignedOutElsewhere = "signed-out-elsewhere";
    public const string SignedOutByAdministrator = "signed-out-by-admin";
    public const string Expired = "expired";
    public const string ExpiredAbsolute = "expired-absolute";

    /// <summary>The account changed under the session (disabled, password reset, credentials changed).</summary>
    public const string Ended = "session-ended";
}
