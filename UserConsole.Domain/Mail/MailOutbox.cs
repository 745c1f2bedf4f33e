namespace UserConsole.Domain.Mail;

/// <summary>Writes mails into the outbox of an open DbContext: they are saved with whatever else the context saves,
/// in the same transaction, and sent after the commit by <see cref="OutboxSender"/>.</summary>
internal static class MailOutbox
{
    public static OutboxMessage Queue(UserConsoleDbContext db, DateTime now, string kind, string toAddress, string? toName, string subject, string body, string? dedupKey = null)
    {
        var message = new OutboxMessage(now, kind, toAddress, toName, subject, body, dedupKey);
        db.Outbox.Add(message);
        return message;
    }

}
