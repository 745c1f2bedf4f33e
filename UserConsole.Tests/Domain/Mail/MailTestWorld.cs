using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Mail;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Mail;

/// <summary>Domain services over a temporary database whose SMTP defaults point at a <see cref="TestSmtpServer"/> on
/// loopback (security None, no user), with quick retries.</summary>
internal static class MailTestWorld
{
    public const string From = "console@example.test";

    public static Task<DomainTestContext> CreateAsync(TestSmtpServer smtp, Action<MailOptions>? configure = null) =>
        DomainTestContext.CreateAsync(Configure(smtp, configure));

    /// <summary>Another process's services over the same database (a restarted app, or a second instance).</summary>
    public static Task<DomainTestContext> AttachAsync(DomainTestContext context, TestSmtpServer smtp) =>
        DomainTestContext.AttachAsync(context, Configure(smtp, null));

    private static Action<IServiceCollection> Configure(TestSmtpServer smtp, Action<MailOptions>? configure) =>
        services => services.Configure<MailOptions>(o =>
        {
            Point(o, smtp.Port);
            configure?.Invoke(o);
        });

    public static void Point(MailOptions o, int port)
    {
        o.Host = "127.0.0.1";
        o.Port = port;
        o.Security = SmtpSecurity.None;
        o.FromAddress = From;
        o.FromName = "UserConsole";
        o.PublicUrl = "https://console.example.test";
        o.FirstRetrySeconds = 10;
        o.MaxAttempts = 3;
        o.TimeoutSeconds = 5;
    }

    /// <summary>Commits <paramref name="count"/> mails into the outbox, as an event's transaction would.</summary>
    public static async Task QueueAsync(DomainTestContext context, int count, string to = "someone@example.test")
    {
        await using var db = await context.DbAsync();
        for (var i = 0; i < count; i++)
        {
            MailOutbox.Queue(db, context.Clock.GetUtcNow().UtcDateTime, "test", to, "Someone", $"Mail {i}", $"Body {i}");
        }

        await db.SaveChangesAsync();
    }

    public static async Task<List<OutboxMessage>> OutboxAsync(DomainTestContext context)
    {
        await using var db = await context.DbAsync();
        return await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public static OutboxSender Sender(DomainTestContext context) => context.Get<OutboxSender>();
}
