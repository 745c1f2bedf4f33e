using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Mail;

/// <summary>Security notifications are queued in the transaction of their event and reach the person's address.</summary>
public sealed class SecurityNotificationTests : IAsyncLifetime
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    private TestSmtpServer _smtp = null!;
    private DomainTestContext _ctx = null!;
    private User _admin = null!;
    private User _dana = null!;

    public async ValueTask InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartNewAsync();
        _ctx = await MailTestWorld.CreateAsync(_smtp);
        _admin = await _ctx.BootstrapAsync();
        var role = await _ctx.CreateRoleAsync("Operators", Permissions.ViewMonitorPage);
        _dana = await _ctx.CreateUserAsync("dana", role, email: "dana@example.test", fullName: "Dana Doe");
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<string> StampAsync(Guid userId)
    {
        await using var db = await _ctx.DbAsync();
        return (await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId)).ConcurrencyStamp!;
    }

    private static string Body(MimeKit.MimeMessage mail) => mail.TextBody.ShouldNotBeNull();

    private async Task<List<MimeKit.MimeMessage>> DeliverAsync()
    {
        await MailTestWorld.Sender(_ctx).SendDueAsync();
        return [.. _smtp.Received.Select(r => r.Message)];
    }

    [Fact]
    public async Task ResetPasswordAsync_ByAnAdministrator_MailsTheUserWhoDidItAndWhatToDo()
    {
        var reset = await _ctx.GetScoped<UserAdministration>().ResetPasswordAsync(await _ctx.ProvenAsync(_admin), _dana.Id, await StampAsync(_dana.Id));
        reset.Succeeded.ShouldBeTrue();

        var mail = (await DeliverAsync()).Single();
        mail.To.Mailboxes.Single().Address.ShouldBe("dana@example.test");
        mail.Subject.ShouldBe("Your UserConsole password was reset");
        Body(mail).ShouldContain($"by the administrator {_admin.UserName}");
        Body(mail).ShouldContain("If you did not expect this");
        Body(mail).ShouldNotContain(reset.Value.Password);
    }

    [Fact]
    public async Task ResetPasswordAsync_Refused_QueuesNoMail()
    {
        var reset = await _ctx.GetScoped<UserAdministration>().ResetPasswordAsync(DomainTestContext.As(_admin), _dana.Id, "an old stamp");

        reset.Succeeded.ShouldBeFalse();
        (await MailTestWorld.OutboxAsync(_ctx)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DisableAsync_MailsTheDisabledUser()
    {
        (await _ctx.GetScoped<UserAdministration>().DisableAsync(await _ctx.ProvenAsync(_admin), _dana.Id, await StampAsync(_dana.Id))).Succeeded.ShouldBeTrue();

        var mail = (await DeliverAsync()).Single();
        mail.Subject.ShouldBe("Your UserConsole account was disabled");
        mail.To.Mailboxes.Single().Address.ShouldBe("dana@example.test");
    }

    [Fact]
    public async Task ChangePasswordAsync_MailsTheUserWithWhatToDoIfItWasNotThem()
    {
        var changed = await _ctx.GetScoped<ProfileService>().ChangePasswordAsync(DomainTestContext.As(_dana), new ChangePasswordInput
        {
            CurrentPassword = TestPasswords.Strong,
            NewPassword = TestPasswords.OtherStrong,
            RepeatPassword = TestPasswords.OtherStrong,
        });
        changed.Succeeded.ShouldBeTrue();

        var mail = (await DeliverAsync()).Single();
        mail.Subject.ShouldBe("Your UserConsole password was changed");
        Body(mail).ShouldContain("If this was not you, change your password at once (https://console.example.test/profile)");
        Body(mail).ShouldNotContain(TestPasswords.OtherStrong);
    }

    [Fact]
    public async Task DisableTwoFactorAsync_ByAnAdministrator_NamesTheAdministrator()
    {
        await using (var db = await _ctx.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _dana.Id)).EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync();
        }

        (await _ctx.GetScoped<TwoFactorService>().DisableAsync(await _ctx.ProvenAsync(_admin), _dana.Id, null)).Succeeded.ShouldBeTrue();

        var mail = (await DeliverAsync()).Single();
        mail.Subject.ShouldBe("Two-factor sign-in was turned off");
        Body(mail).ShouldContain($"by the administrator {_admin.UserName}");
    }

    [Fact]
    public async Task StartAsync_FromABrowserTheAccountHasNotUsed_MailsOnceAndNotForAKnownOne()
    {
        var sessions = _ctx.GetScoped<SessionService>();
        await sessions.StartAsync(_dana.Id, "192.0.2.1", Chrome, SessionFactors.None);
        await sessions.StartAsync(_dana.Id, "192.0.2.1", Chrome, SessionFactors.None);
        (await MailTestWorld.OutboxAsync(_ctx)).ShouldBeEmpty("the first browser of an account and a known one are not news");

        await sessions.StartAsync(_dana.Id, "198.51.100.7", Firefox, SessionFactors.None);
        await sessions.StartAsync(_dana.Id, "198.51.100.7", Firefox, SessionFactors.None);

        var mail = (await DeliverAsync()).Single();
        mail.Subject.ShouldBe("New sign-in to UserConsole");
        Body(mail).ShouldContain("Firefox");
        Body(mail).ShouldContain("198.51.100.7");
        Body(mail).ShouldContain("If this was not you");
    }
}
