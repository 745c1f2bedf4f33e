using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Mail;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Mail;

public sealed class OutboxSenderTests
{
    [Fact]
    public async Task SendDueAsync_QueuedMail_ArrivesOnceWithItsFromToAndSubject()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        await using var context = await MailTestWorld.CreateAsync(smtp);
        await MailTestWorld.QueueAsync(context, 1, "dana@example.test");

        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(1);
        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0);

        smtp.Count.ShouldBe(1);
        var message = smtp.Received[0].Message;
        message.From.Mailboxes.Single().Address.ShouldBe(MailTestWorld.From);
        message.From.Mailboxes.Single().Name.ShouldBe("UserConsole");
        message.To.Mailboxes.Single().Address.ShouldBe("dana@example.test");
        message.Subject.ShouldBe("Mail 0");
        var row = (await MailTestWorld.OutboxAsync(context)).Single();
        row.Status.ShouldBe(OutboxStatus.Sent);
        row.Attempts.ShouldBe(1);
        row.LastReply.ShouldNotBeNull().ShouldStartWith("250");
    }

    [Fact]
    public async Task SendDueAsync_WhileServerIsDown_KeepsMailsQueuedAndDeliversEachOnceWhenItComesBack()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync(start: false);
        await using var context = await MailTestWorld.CreateAsync(smtp);
        await MailTestWorld.QueueAsync(context, 3);

        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0);
        var waiting = await MailTestWorld.OutboxAsync(context);
        waiting.ShouldAllBe(m => m.Status == OutboxStatus.Queued && m.Attempts == 1 && m.LastReply != null);
        waiting[0].NextAttemptAt.ShouldBe(context.Clock.GetUtcNow().UtcDateTime.AddSeconds(10));

        await smtp.StartAsync();
        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0); // not due before the backoff
        context.Clock.Advance(TimeSpan.FromSeconds(10));
        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(3);
        context.Clock.Advance(TimeSpan.FromMinutes(10));
        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0);

        smtp.Count.ShouldBe(3);
        smtp.Received.Select(r => r.Message.Subject).Order().ShouldBe(["Mail 0", "Mail 1", "Mail 2"]);
        (await MailTestWorld.OutboxAsync(context)).ShouldAllBe(m => m.Status == OutboxStatus.Sent && m.Attempts == 2);
    }

    [Fact]
    public async Task SendDueAsync_BackoffDoublesAndAfterTheLastAttempt_MarksFailedWithTheReply()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync(start: false);
        await using var context = await MailTestWorld.CreateAsync(smtp);
        await MailTestWorld.QueueAsync(context, 1);
        var sender = MailTestWorld.Sender(context);

        await sender.SendDueAsync();
        context.Clock.Advance(TimeSpan.FromSeconds(10));
        await sender.SendDueAsync();
        var second = (await MailTestWorld.OutboxAsync(context)).Single();
        second.Status.ShouldBe(OutboxStatus.Queued);
        second.NextAttemptAt.ShouldBe(context.Clock.GetUtcNow().UtcDateTime.AddSeconds(20));
        context.Clock.Advance(TimeSpan.FromSeconds(20));
        await sender.SendDueAsync();

        var failed = (await MailTestWorld.OutboxAsync(context)).Single();
        failed.Status.ShouldBe(OutboxStatus.Failed);
        failed.Attempts.ShouldBe(3);
        failed.LastReply.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task SendDueAsync_WithoutSmtpSettings_LeavesMailsQueuedUntried()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        await using var context = await MailTestWorld.CreateAsync(smtp, o => o.Host = "");
        await MailTestWorld.QueueAsync(context, 2);

        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0);

        smtp.Count.ShouldBe(0);
        (await MailTestWorld.OutboxAsync(context)).ShouldAllBe(m => m.Status == OutboxStatus.Queued && m.Attempts == 0);
    }

    [Fact]
    public async Task SendDueAsync_FreshSenderAfterCommit_DeliversWhatAnEarlierProcessCommittedEachOnce()
    {
        // The first "process" commits mails and never sends them; a new one over the same database does.
        await using var smtp = await TestSmtpServer.StartNewAsync();
        await using var first = await MailTestWorld.CreateAsync(smtp);
        await MailTestWorld.QueueAsync(first, 5);

        await using var restarted = await MailTestWorld.AttachAsync(first, smtp);
        var sender = MailTestWorld.Sender(restarted);
        (await sender.SendDueAsync()).ShouldBe(5);
        (await sender.SendDueAsync()).ShouldBe(0);
        (await MailTestWorld.Sender(first).SendDueAsync()).ShouldBe(0);
        smtp.Count.ShouldBe(5);
    }

    [Fact]
    public async Task SendDueAsync_TwoProcessesAtOnce_SendEachMailOnce()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        await using var context = await MailTestWorld.CreateAsync(smtp, o => o.BatchSize = 5);
        await MailTestWorld.QueueAsync(context, 40);
        await using var other = await MailTestWorld.AttachAsync(context, smtp);

        async Task DrainAsync(OutboxSender sender)
        {
            for (var i = 0; i < 12; i++)
            {
                await sender.SendDueAsync();
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(MailTestWorld.Sender(context))), Task.Run(() => DrainAsync(MailTestWorld.Sender(other))));

        smtp.Count.ShouldBe(40);
        smtp.Received.Select(r => r.Message.MessageId).Distinct().Count().ShouldBe(40);
        (await MailTestWorld.OutboxAsync(context)).ShouldAllBe(m => m.Status == OutboxStatus.Sent && m.Attempts == 1);
    }

    [Fact]
    public async Task SendDueAsync_ClaimOfADeadSender_IsTakenAgainOnceItRunsOut()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        await using var context = await MailTestWorld.CreateAsync(smtp, o => o.ClaimSeconds = 60);
        await MailTestWorld.QueueAsync(context, 1);
        await using (var db = await context.DbAsync())
        {
            // A sender claimed the mail and was killed before it sent it.
            var until = context.Clock.GetUtcNow().UtcDateTime.AddSeconds(60);
            await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending)
                .SetProperty(m => m.ClaimToken, Guid.NewGuid()).SetProperty(m => m.ClaimedUntil, until));
        }

        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0);
        context.Clock.Advance(TimeSpan.FromSeconds(61));
        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(1);
        (await MailTestWorld.Sender(context).SendDueAsync()).ShouldBe(0);
        smtp.Count.ShouldBe(1);
    }
}
