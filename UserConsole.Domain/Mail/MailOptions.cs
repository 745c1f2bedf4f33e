namespace UserConsole.Domain.Mail;

/// <summary>Configuration section "Mail": the SMTP defaults of a new install (until Settings saves its own) and how
/// the outbox sender retries.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    /// <summary>The default password of a new install (kept in configuration, not in the database).</summary>
    public string? Password { get; set; }

    public string FromAddress { get; set; } = "";

    public string? FromName { get; set; } = "UserConsole";

    public string? PublicUrl { get; set; }

    /// <summary>Attempts per mail before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles after each further one.</summary>
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>How often the sender looks for due mails.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>How long a claimed mail stays with its sender before another may take it.</summary>
    public int ClaimSeconds { get; set; } = 120;

    public int BatchSize { get; set; } = 50;

    public int TimeoutSeconds { get; set; } = 30;

    internal SmtpConfig ToConfig() => new(Host.Trim(), Port, Security, string.IsNullOrWhiteSpace(UserName) ? null : UserName.Trim(),
        FromAddress.Trim(), FromName, PublicUrl);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed.</summary>
    internal TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(FirstRetrySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20)));
}
