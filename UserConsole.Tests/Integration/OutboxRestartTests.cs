using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Users;
using UserConsole.Tests.Domain.Mail;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The real app process, killed (SIGKILL) with mails committed and not sent because the SMTP server is down;
/// after a restart on the same data, with the server back, every mail arrives exactly once.</summary>
public sealed class OutboxRestartTests
{
    [Fact]
    public async Task KillWithMailsQueued_AfterRestart_EachMailArrivesOnce()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync(start: false);
        var settings = new Dictionary<string, string>
        {
            ["UserConsole:DemoData"] = "false",
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Security"] = "None",
            ["Mail:FromAddress"] = MailTestWorld.From,
            ["Mail:FirstRetrySeconds"] = "1",
            ["Mail:PollMilliseconds"] = "100",
        };
        var app = await AppProcess.StartAsync(settings);
        var folder = app.DataFolder;
        try
        {
            await using var database = await DomainTestContext.AttachAsync(app.DatabasePath);
            await using (var db = await database.DbAsync())
            {
                var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
                await database.SetChosenPasswordAsync(admin.Id, TestPasswords.Strong);
                var role = await database.CreateRoleAsync("Operators", Permissions.ViewMonitorPage);
                for (var i = 0; i < 3; i++)
                {
                    var user = await database.CreateUserAsync($"user{i}", role);
                    var stamp = (await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).ConcurrencyStamp!;
                    (await database.GetScoped<UserAdministration>().ResetPasswordAsync(await database.ProvenAsync(admin), user.Id, stamp)).Succeeded.ShouldBeTrue();
                }
            }

            // The running app tries and fails (the server is down); the mails stay queued with the reply.
            await WaitUntilAsync(database, rows => rows.All(m => m.Attempts >= 1));
            (await OutboxAsync(database)).ShouldAllBe(m => m.Status == OutboxStatus.Queued);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await smtp.StartAsync();
        await using var restarted = await AppProcess.StartAsync(settings, folder);
        await smtp.WaitForAsync(3, timeoutSeconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(3)); // several more rounds of the sender

        smtp.Count.ShouldBe(3);
        smtp.Received.Select(r => r.Message.To.Mailboxes.Single().Address).Order().ShouldBe(["user0@example.test", "user1@example.test", "user2@example.test"]);
        await using var after = await DomainTestContext.AttachAsync(restarted.DatabasePath);
        (await OutboxAsync(after)).ShouldAllBe(m => m.Status == OutboxStatus.Sent);
    }

    private static async Task<List<OutboxMessage>> OutboxAsync(DomainTestContext database)
    {
        await using var db = await database.DbAsync();
        return await db.Outbox.AsNoTracking().ToListAsync();
    }

    private static async Task WaitUntilAsync(DomainTestContext database, Func<List<OutboxMessage>, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            var rows = await OutboxAsync(database);
            if (rows.Count > 0 && condition(rows))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The app's sender did not try the queued mails.");
    }
}
