using System.Text;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Settings;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Mail;

public sealed class SettingsServiceTests
{
    private const string SmtpPassword = "Smtp-Secret-4711";

    private static async Task<(DomainTestContext Context, ActingUser Editor)> ArrangeAsync(TestSmtpServer smtp, params string[] permissions)
    {
        var context = await MailTestWorld.CreateAsync(smtp);
        await context.BootstrapAsync();
        var role = await context.CreateRoleAsync("Mail admins", permissions.Length > 0 ? permissions : [Permissions.ViewSettingsPage, Permissions.EditSettings]);
        var user = await context.CreateUserAsync("mara", role, email: "mara@example.test", fullName: "Mara Stone");
        return (context, new ActingUser(user.Id));
    }

    private static MailSettingsInput Input(TestSmtpServer smtp, string? userName = null, string? password = null) => new()
    {
        Host = "127.0.0.1",
        Port = smtp.Port,
        Security = SmtpSecurity.None,
        UserName = userName,
        Password = password,
        FromAddress = "backups@example.test",
        FromName = "Backup console",
        PublicUrl = "https://console.example.test",
    };

    [Fact]
    public async Task SendTestAsync_WithSavedSettings_ArrivesFromTheSenderToTheActorsOwnAddress()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        var (context, editor) = await ArrangeAsync(smtp);
        await using var _ = context;
        var service = context.GetScoped<SettingsService>();
        (await service.SaveMailAsync(editor, Input(smtp))).Succeeded.ShouldBeTrue();

        var sent = await service.SendTestAsync(editor);

        sent.Succeeded.ShouldBeTrue();
        sent.Value.ShouldBe("mara@example.test");
        var message = smtp.Received.Single().Message;
        message.From.Mailboxes.Single().Address.ShouldBe("backups@example.test");
        message.From.Mailboxes.Single().Name.ShouldBe("Backup console");
        message.To.Mailboxes.Single().Address.ShouldBe("mara@example.test");
        message.Subject.ShouldBe(SettingsService.TestSubject);
    }

    [Fact]
    public async Task SendTestAsync_WrongPassword_ShowsTheServers535Reply()
    {
        await using var smtp = await TestSmtpServer.RequireUser("mailer", "right-password");
        var (context, editor) = await ArrangeAsync(smtp);
        await using var _ = context;
        var service = context.GetScoped<SettingsService>();
        (await service.SaveMailAsync(editor, Input(smtp, "mailer", "wrong-password"))).Succeeded.ShouldBeTrue();

        var sent = await service.SendTestAsync(editor);

        sent.Succeeded.ShouldBeFalse();
        sent.Error!.Message.ShouldContain("535");
        sent.Error.Message.ShouldContain("authentication failed", Case.Insensitive);
        smtp.Count.ShouldBe(0);
    }

    [Fact]
    public async Task SaveMailAsync_EmptyPassword_KeepsTheStoredOneAndTheRightOneAuthenticates()
    {
        await using var smtp = await TestSmtpServer.RequireUser("mailer", SmtpPassword);
        var (context, editor) = await ArrangeAsync(smtp);
        await using var _ = context;
        var service = context.GetScoped<SettingsService>();
        var stamp = (await service.SaveMailAsync(editor, Input(smtp, "mailer", SmtpPassword))).Value;

        var renamed = Input(smtp, "mailer");
        renamed.FromName = "Renamed";
        renamed.ConcurrencyStamp = stamp;
        (await service.SaveMailAsync(editor, renamed)).Succeeded.ShouldBeTrue();

        var page = (await service.GetAsync(editor)).Value;
        page.Mail.HasPassword.ShouldBeTrue();
        page.Mail.Config.FromName.ShouldBe("Renamed");
        (await service.SendTestAsync(editor)).Succeeded.ShouldBeTrue();
        smtp.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SaveMailAsync_Password_IsStoredProtectedAndNeverInTheAuditTrailOrTheLogs()
    {
        await using var smtp = await TestSmtpServer.RequireUser("mailer", SmtpPassword);
        var (context, editor) = await ArrangeAsync(smtp);
        await using var _ = context;
        var service = context.GetScoped<SettingsService>();
        (await service.SaveMailAsync(editor, Input(smtp, "mailer", SmtpPassword))).Succeeded.ShouldBeTrue();
        (await service.SendTestAsync(editor)).Succeeded.ShouldBeTrue();

        await using var db = await context.DbAsync();
        var row = await db.MailSettings.AsNoTracking().SingleAsync();
        row.ProtectedPassword.ShouldNotBeNull().ShouldNotContain(SmtpPassword);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("settings.")).ToListAsync();
        audit.Count.ShouldBe(2);
        var update = audit.Single(e => e.Action == "settings.mail.update");
        update.Changes.ShouldNotBeNull().ShouldContain("Password");
        update.Changes.ShouldContain("set");
        var everything = new StringBuilder();
        foreach (var entry in await db.AuditEntries.AsNoTracking().ToListAsync())
        {
            everything.Append(entry.Changes).Append(entry.TargetName).Append(entry.ErrorCode);
        }

        everything.ToString().ShouldNotContain(SmtpPassword);
        context.Logs.Lines.ShouldNotContain(l => l.Contains(SmtpPassword, StringComparison.Ordinal));
        (await service.GetAsync(editor)).Value.ToString().ShouldNotContain(SmtpPassword);
    }

    [Fact]
    public async Task SaveMailAsync_WithoutEditSettings_IsRefusedAndChangesNothing()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        var (context, viewer) = await ArrangeAsync(smtp, Permissions.ViewSettingsPage);
        await using var _ = context;
        var service = context.GetScoped<SettingsService>();

        var page = await service.GetAsync(viewer);
        page.Succeeded.ShouldBeTrue();
        page.Value.Edit.Allowed.ShouldBeFalse();
        page.Value.SendTest.Allowed.ShouldBeFalse();
        var before = await context.SnapshotWithoutAuditAsync();

        var saved = await service.SaveMailAsync(viewer, Input(smtp));

        saved.Error!.Code.ShouldBe(AccessRules.PermissionDeniedCode);
        (await service.SendTestAsync(viewer)).Error!.Code.ShouldBe(AccessRules.PermissionDeniedCode);
        (await service.RetryFailedAsync(viewer)).Error!.Code.ShouldBe(AccessRules.PermissionDeniedCode);
        (await context.SnapshotWithoutAuditAsync()).ShouldBe(before);
        smtp.Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("smtp example.com", 587, "backups@example.test", "https://c.example.test", "Host")]
    [InlineData("", 587, "backups@example.test", null, "Host")]
    [InlineData("https://smtp.example.com", 587, "backups@example.test", null, "Host")]
    [InlineData("smtp.example.com", 0, "backups@example.test", null, "Port")]
    [InlineData("smtp.example.com", 65536, "backups@example.test", null, "Port")]
    [InlineData("smtp.example.com", 587, "not an address", null, "FromAddress")]
    [InlineData("smtp.example.com", 587, "backups@example.test", "console.example.test", "PublicUrl")]
    public async Task SaveMailAsync_MalformedField_IsRefusedAtThatFieldAndChangesNothing(string host, int port, string from, string? url, string field)
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        var (context, editor) = await ArrangeAsync(smtp);
        await using var _ = context;
        var service = context.GetScoped<SettingsService>();
        var input = new MailSettingsInput { Host = host, Port = port, FromAddress = from, PublicUrl = url };

        var saved = await service.SaveMailAsync(editor, input);

        saved.Error!.Property.ShouldBe(field);
        saved.Error.Message.ShouldNotBeNullOrWhiteSpace();
        await using var db = await context.DbAsync();
        (await db.MailSettings.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task RetryFailedAsync_PutsFailedMailsBackAndTheSenderDeliversThem()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync(start: false);
        var (context, editor) = await ArrangeAsync(smtp);
        await using var _ = context;
        await MailTestWorld.QueueAsync(context, 2);
        var sender = MailTestWorld.Sender(context);
        for (var i = 0; i < 3; i++)
        {
            await sender.SendDueAsync();
            context.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var service = context.GetScoped<SettingsService>();
        var status = (await service.GetAsync(editor)).Value.Delivery;
        status.Failed.ShouldBe(2);
        status.LastError.ShouldNotBeNullOrWhiteSpace();

        await smtp.StartAsync();
        (await service.RetryFailedAsync(editor)).Value.ShouldBe(2);
        (await sender.SendDueAsync()).ShouldBe(2);

        var after = (await service.GetAsync(editor)).Value.Delivery;
        after.ShouldBe(new DeliveryStatus(0, 2, 0, null));
    }
}
