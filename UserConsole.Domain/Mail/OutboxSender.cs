using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace UserConsole.Domain.Mail;

/// <summary>Delivers the outbox: claims due mails (one UPDATE, so that of several senders, in one process or many,
/// exactly one takes each row), sends them over one SMTP connection and marks each sent with the server's reply, or
/// due again after an exponential backoff, or failed after the configured attempts. Without SMTP settings nothing is
/// claimed: the mails stay queued. A sender killed after the commit of a mail and before its send leaves the row
/// queued (or claimed until the claim runs out): the next sender delivers it once.</summary>
public sealed partial class OutboxSender(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    MailSettingsStore settings,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxSender> logger)
{
    /// <summary>Sends what is due now; returns how many mails the server accepted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var mail = options.Value;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (config, password) = await settings.ReadForSendingAsync(db, cancellationToken);
        if (!config.IsConfigured)
        {
            return 0;
        }

        var claimed = await ClaimAsync(db, mail, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var (messages, unaddressable) = Build(config, claimed);
        var transport = new SmtpTransport(TimeSpan.FromSeconds(mail.TimeoutSeconds));
        var replies = messages.Count == 0 ? [] : await transport.SendAsync(config, password, [.. messages.Select(m => m.Message)], cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var sent = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var (row, _) = messages[i];
            var reply = replies[i];
            sent += reply.Accepted ? 1 : 0;
            await RecordAsync(db, row, reply, now, mail, cancellationToken);
        }

        foreach (var (row, reason) in unaddressable)
        {
            await RecordAsync(db, row, new SmtpReply(false, reason), now, mail, cancellationToken, final: true);
        }

        return sent;
    }

    private async Task<List<OutboxMessage>> ClaimAsync(UserConsoleDbContext db, MailOptions mail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        var due = Due(db.Outbox, now);
        var ids = await due.OrderBy(m => m.Id).Select(m => m.Id).Take(mail.BatchSize).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var until = now.AddSeconds(mail.ClaimSeconds);
        await Due(db.Outbox, now).Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sending)
            .SetProperty(m => m.ClaimToken, token)
            .SetProperty(m => m.ClaimedUntil, until), cancellationToken);
        return await db.Outbox.AsNoTracking().Where(m => m.ClaimToken == token && m.Status == OutboxStatus.Sending)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Queued and due, or claimed by a sender whose claim has run out (it died or hangs).</summary>
    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> outbox, DateTime now) =>
        outbox.Where(m => (m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now)
            || (m.Status == OutboxStatus.Sending && m.ClaimedUntil < now));

    private static (List<(OutboxMessage Row, MimeMessage Message)> Messages, List<(OutboxMessage Row, string Reason)> Unaddressable) Build(
        SmtpConfig config, List<OutboxMessage> rows)
    {
        var messages = new List<(OutboxMessage, MimeMessage)>();
        var unaddressable = new List<(OutboxMessage, string)>();
        foreach (var row in rows)
        {
            if (!MailboxAddress.TryParse(row.ToAddress, out var to) || !MailboxAddress.TryParse(config.FromAddress, out var from))
            {
                unaddressable.Add((row, $"Not a mail address: {row.ToAddress}"));
                continue;
            }

            from.Name = config.FromName;
            to.Name = row.ToName;
            var message = new MimeMessage { Subject = row.Subject, MessageId = row.MessageId, Date = row.CreatedAt };
            message.From.Add(from);
            message.To.Add(to);
            message.Body = new TextPart("plain") { Text = row.Body };
            messages.Add((row, message));
        }

        return (messages, unaddressable);
    }

    private async Task RecordAsync(UserConsoleDbContext db, OutboxMessage row, SmtpReply reply, DateTime now, MailOptions mail, CancellationToken cancellationToken, bool final = false)
    {
        var attempts = row.Attempts + 1;
        var mine = db.Outbox.Where(m => m.Id == row.Id && m.ClaimToken == row.ClaimToken);
        if (reply.Accepted)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastReply, reply.Text)
                .SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), cancellationToken);
            return;
        }

        var failed = final || attempts >= mail.MaxAttempts;
        var next = failed ? now : now + mail.Backoff(attempts);
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Queued)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastReply, reply.Text)
            .SetProperty(m => m.ClaimToken, (Guid?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTime?)null), cancellationToken);
        LogNotSent(logger, row.Id, row.Kind, attempts, mail.MaxAttempts, reply.Text);
    }

    // The server's reply names no secret (MailKit never echoes the password); the address is not logged.
    [LoggerMessage(EventId = 1910, Level = LogLevel.Warning, Message = "Mail {MailId} ({Kind}) not sent, attempt {Attempt} of {MaxAttempts}: {Reply}")]
    private static partial void LogNotSent(ILogger logger, long mailId, string kind, int attempt, int maxAttempts, string reply);
}
