namespace UserConsole.Domain.Mail;

public enum OutboxStatus
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>One mail to send: written in the same transaction as the event that causes it, then delivered by
/// <see cref="OutboxSender"/>. A sender claims the row (status Sending with a lease) before it talks to the server,
/// so two senders never send the same row; a sender that dies while holding a claim leaves it to be taken again once
/// the lease has run out.</summary>
public sealed class OutboxMessage
{
    public const int AddressLength = 320;
    public const int NameLength = 200;
    public const int SubjectLength = 300;
    public const int KindLength = 64;
    public const int KeyLength = 200;
    public const int ErrorLength = 1000;

    private OutboxMessage()
    {
    }

    public OutboxMessage(DateTime createdAt, string kind, string toAddress, string? toName, string subject, string body, string? dedupKey = null)
    {
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Kind = kind;
        ToAddress = toAddress;
        ToName = toName is { Length: > NameLength } ? toName[..NameLength] : toName;
        Subject = subject.Length > SubjectLength ? subject[..SubjectLength] : subject;
        Body = body;
        DedupKey = dedupKey;
        MessageId = $"{Guid.NewGuid():N}@userconsole";
    }

    public long Id { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>What caused it, such as "security.password_reset" or "backup.error".</summary>
    public string Kind { get; private set; } = "";

    public string ToAddress { get; private set; } = "";

    public string? ToName { get; private set; }

    public string Subject { get; private set; } = "";

    /// <summary>Plain text.</summary>
    public string Body { get; private set; } = "";

    /// <summary>Set for mails that must exist once per event (a running-time alert per job, user and threshold);
    /// unique in the database.</summary>
    public string? DedupKey { get; private set; }

    /// <summary>The Message-ID header, the same on every attempt, so a receiver can tell a resend.</summary>
    public string MessageId { get; private set; } = "";

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    /// <summary>While <see cref="OutboxStatus.Sending"/>: when the claim runs out.</summary>
    public DateTime? ClaimedUntil { get; private set; }

    public Guid? ClaimToken { get; private set; }

    public DateTime? SentAt { get; private set; }

    /// <summary>The server's reply: to the message when sent, or the error of the last attempt.</summary>
    public string? LastReply { get; private set; }

    /// <summary>A failed mail goes back in the queue for a fresh set of attempts (its last reply stays until then).</summary>
    public void Retry(DateTime now)
    {
        if (Status != OutboxStatus.Failed)
        {
            return;
        }

        Status = OutboxStatus.Queued;
        Attempts = 0;
        NextAttemptAt = now;
    }
}
