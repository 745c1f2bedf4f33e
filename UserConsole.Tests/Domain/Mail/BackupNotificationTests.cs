using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UserConsole.App.Hosting;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Browser;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Mail;

/// <summary>Backup notifications go to who chose the event, holds email_notifications, is enabled and sees the
/// schedule's server and storage; nobody else.</summary>
public sealed class BackupNotificationTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private DomainTestContext _ctx = null!;
    private Schedule _schedule = null!;
    private Role _notified = null!;
    private ProductionServer _otherServer = null!;

    public async ValueTask InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartNewAsync();
        _ctx = await MailTestWorld.CreateAsync(_smtp);
        await _ctx.BootstrapAsync();
        var server = await _ctx.CreateServerAsync("web-01");
        _otherServer = await _ctx.CreateServerAsync("db-07");
        var storage = await _ctx.CreateStorageAsync("vault-a");
        _schedule = await _ctx.CreateScheduleAsync(server, storage, "Nightly files", []);
        _notified = await _ctx.CreateRoleAsync("Watchers", Permissions.ViewMonitorPage, Permissions.EmailNotifications);
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<User> UserAsync(string name, Role role, NotificationSettings choices, AccessScope? scope = null, bool enabled = true)
    {
        var user = await _ctx.CreateUserAsync(name, role, scope, email: $"{name}@example.test", enabled: enabled);
        await using var db = await _ctx.DbAsync();
        (await db.Users.SingleAsync(u => u.Id == user.Id)).SetNotifications(choices);
        await db.SaveChangesAsync();
        return user;
    }

    private async Task<long> StartAsync()
    {
        var jobs = _ctx.GetScoped<BackupJobs>();
        return (await jobs.StartScheduledAsync(_schedule.Id)).ShouldNotBeNull();
    }

    private async Task<List<string>> DeliveredToAsync()
    {
        while (await MailTestWorld.Sender(_ctx).SendDueAsync() > 0)
        {
        }

        return [.. _smtp.Received.Select(r => r.Message.To.Mailboxes.Single().Address).Order()];
    }

    [Fact]
    public async Task FinishAsync_JobError_MailsTheOptedInUserInScopeAndNoOneElse()
    {
        var errors = new NotificationSettings { BackupErrors = true };
        await UserAsync("olga", _notified, errors);
        await UserAsync("otto", _notified, errors, new AccessScope(ResourceScope.Chosen([_otherServer.Id]), ResourceScope.Everything));
        await UserAsync("nina", await _ctx.CreateRoleAsync("Viewers", Permissions.ViewMonitorPage), errors);
        await UserAsync("dora", _notified, errors, enabled: false);
        await UserAsync("cara", _notified, new NotificationSettings { BackupCompleted = true });
        var job = await StartAsync();

        (await _ctx.GetScoped<BackupJobs>().FinishAsync(job, JobStatus.Error, "Error: disk full on vault-a. No point was made.", 0)).ShouldBeTrue();

        (await DeliveredToAsync()).ShouldBe(["olga@example.test"]);
        var mail = _smtp.Received.Single().Message;
        mail.Subject.ShouldBe("Backup Nightly files failed (web-01 → vault-a)");
        var body = mail.TextBody.ShouldNotBeNull();
        body.ShouldContain("Production server: web-01");
        body.ShouldContain("Storage: vault-a");
        body.ShouldContain("Outcome: Error");
        body.ShouldContain("Duration: ");
        body.ShouldContain("Latest message: Error: disk full on vault-a. No point was made.");
        body.ShouldContain("https://console.example.test/logs");
    }

    [Fact]
    public async Task StartAndFinish_EachEventMailsWhoChoseIt()
    {
        await UserAsync("sam", _notified, new NotificationSettings { BackupStarting = true });
        await UserAsync("cleo", _notified, new NotificationSettings { BackupCompleted = true });
        await UserAsync("wes", _notified, new NotificationSettings { BackupWarnings = true });
        await UserAsync("con", _notified, new NotificationSettings { ConnectionErrors = true });

        var job = await StartAsync();
        (await DeliveredToAsync()).ShouldBe(["sam@example.test"]);
        await _ctx.GetScoped<BackupJobs>().FinishAsync(job, JobStatus.Error, "Error: connection to vault-a lost (timeout after 30 s).", 0);
        (await DeliveredToAsync()).ShouldBe(["con@example.test", "sam@example.test"]);
        var second = await StartAsync();
        await _ctx.GetScoped<BackupJobs>().FinishAsync(second, JobStatus.Warning, "Completed with 2 warnings.", 1000);
        (await DeliveredToAsync()).ShouldBe(["con@example.test", "sam@example.test", "sam@example.test", "wes@example.test"]);
    }

    [Fact]
    public async Task RunningTimeAlert_FiresOncePastTheThresholdOnAFakeClock()
    {
        await UserAsync("rita", _notified, new NotificationSettings { RunningTimeAlerts = RunningTimeAlerts.Hours24 });
        await UserAsync("otto", _notified, new NotificationSettings { RunningTimeAlerts = RunningTimeAlerts.Hours24 },
            new AccessScope(ResourceScope.Chosen([_otherServer.Id]), ResourceScope.Everything));
        await StartAsync();
        var check = _ctx.Get<RunningTimeAlertCheck>();

        _ctx.Clock.Advance(TimeSpan.FromHours(23.9));
        (await check.CheckAsync()).ShouldBe(0);
        _ctx.Clock.Advance(TimeSpan.FromHours(0.2));
        (await check.CheckAsync()).ShouldBe(1);
        _ctx.Clock.Advance(TimeSpan.FromHours(30));
        (await check.CheckAsync()).ShouldBe(0);

        (await DeliveredToAsync()).ShouldBe(["rita@example.test"]);
        _smtp.Received.Single().Message.Subject.ShouldBe("Backup Nightly files has been running for more than 24 hours (web-01 → vault-a)");
    }

    /// <summary>Not a pass/fail timing: prints the time from a job's error to the mail's arrival at the SMTP server
    /// through the app's own background sender at its default poll interval.</summary>
    [Fact]
    public async Task ErrorToArrival_Over20Events_PrintsP50AndP95()
    {
        await UserAsync("olga", _notified, new NotificationSettings { BackupErrors = true });
        var options = _ctx.Get<IOptions<MailOptions>>();
        using var worker = new OutboxWorker(new OutboxSender(_ctx.Contexts, _ctx.Get<MailSettingsStore>(), options, TimeProvider.System,
            NullLogger<OutboxSender>.Instance), options, NullLogger<OutboxWorker>.Instance);
        await worker.StartAsync(TestContext.Current.CancellationToken);
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var job = await StartAsync();
            var before = _smtp.Count;
            var failedAt = DateTime.UtcNow;
            await _ctx.GetScoped<BackupJobs>().FinishAsync(job, JobStatus.Error, $"Error {i}: disk full.", 0);
            await _smtp.WaitForAsync(before + 1);
            latencies.Add((_smtp.Received[^1].ReceivedAt - failedAt).TotalMilliseconds);
        }

        await worker.StopAsync(CancellationToken.None);
        LatencyReport.Print($"job error -> mail at the SMTP server (poll {options.Value.PollMilliseconds} ms)", latencies);
        _smtp.Count.ShouldBe(20);
    }
}
