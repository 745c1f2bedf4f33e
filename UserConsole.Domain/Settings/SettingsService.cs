using FluentValidation;
using Microsoft.Extensions.Options;
using MimeKit;
using UserConsole.Domain.Users;
using UserConsole.Domain.Mail;

namespace UserConsole.Domain.Settings;

/// <summary>The Settings page: read with view_settings_page; the SMTP settings changed, the test email sent and
/// failed mails retried with edit_settings. Every change is audited with its before and after; the SMTP password
/// only as "set"/"changed", never its value.</summary>
public sealed class SettingsService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    MailSettingsStore mailSettings,
    SecurityPolicyStore securityPolicy,
    IValidator<MailSettingsInput> validator,
    IValidator<SecurityPolicyInput> policyValidator,
    IOptions<MailOptions> options,
    TimeProvider clock)
{
    public const string TestSubject = "UserConsole test email";

    public Task<Result<SettingsPageView>> GetAsync(ActingUser by, CancellationToken cancellationToken = default) =>
        contextFactory.ReadAsync(by, Permissions.ViewSettingsPage, async (db, actor) =>
        {
            var (config, hasPassword, stamp) = await mailSettings.ReadAsync(db, cancellationToken);
            var edit = SettingsRules.EditOf(actor);
            var test = edit.Allowed && !config.IsConfigured ? Capability.From(SettingsRules.NotConfigured) : edit;
            var (policy, _) = await SecurityPolicyStore.ReadAsync(db, securityPolicy.Defaults, cancellationToken);
            return new SettingsPageView(new MailSettingsView(config, hasPassword, config.IsConfigured, stamp),
                await DeliveryAsync(db, cancellationToken), edit, test, edit, policy);
        }, cancellationToken);

    /// <summary>Saves the SMTP settings; an empty password keeps the stored one. Returns the new version.</summary>
    public async Task<Result<string>> SaveMailAsync(ActingUser by, MailSettingsInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, SettingsRules.Spec("settings.mail.update", Permissions.EditSettings),
            new AuditTarget("mail", "Email (SMTP)"), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var row = await op.Db.MailSettings.SingleOrDefaultAsync(s => s.Id == MailSettings.SingletonId, cancellationToken);
        if (await op.RefuseIfAsync(Validation.FirstError(validator, input)
            ?? SettingsRules.EditedVersionIsCurrent(row?.ConcurrencyStamp, input.ConcurrencyStamp)) is { } refused)
        {
            return refused;
        }

        var (before, hadPassword, _) = await mailSettings.ReadAsync(op.Db, cancellationToken);
        var after = input.ToConfig();
        var newPassword = string.IsNullOrEmpty(input.Password) ? null : input.Password;
        var protectedPassword = input.ClearPassword ? null
            : newPassword is not null ? mailSettings.Protect(newPassword)
            : row is not null ? row.ProtectedPassword
            : options.Value.Password is { Length: > 0 } configured ? mailSettings.Protect(configured) : null;
        if (row is null)
        {
            row = new MailSettings(after, protectedPassword);
            op.Db.MailSettings.Add(row);
        }
        else
        {
            row.Apply(after, protectedPassword);
        }

        var changes = SettingsRules.Diff(before, hadPassword, after, protectedPassword is not null, newPassword is not null);
        op.Changed(ChangeKind.Settings, "mail", ChangeAction.Updated);
        return await op.CommitAsync(changes) is { } failed ? failed : row.ConcurrencyStamp;
    }

    /// <summary>Saves the Security policy (every value within its bounds). It is in force on this instance from the next
    /// operation or request, and on the others once the change feed tells them. Returns the new version.</summary>
    public async Task<Result<string>> SaveSecurityPolicyAsync(ActingUser by, SecurityPolicyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, SettingsRules.Spec("settings.security.update", Permissions.EditSettings),
            new AuditTarget("security", "Security policy"), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var (before, row) = await SecurityPolicyStore.ReadAsync(op.Db, securityPolicy.Defaults, cancellationToken);
        if (await op.RefuseIfAsync(Validation.FirstError(policyValidator, input)
            ?? SettingsRules.EditedVersionIsCurrent(row?.ConcurrencyStamp, input.ConcurrencyStamp)) is { } refused)
        {
            return refused;
        }

        if (row is null)
        {
            row = new SecuritySettings(input);
            op.Db.SecuritySettings.Add(row);
        }
        else
        {
            row.Apply(input);
        }

        op.Changed(ChangeKind.Settings, SettingsRules.SecurityPolicyId, ChangeAction.Updated);
        if (await op.CommitAsync(SecurityPolicyInput.Diff(before, input)) is { } failed)
        {
            return failed;
        }

        securityPolicy.Saved(input.ToPolicy());
        return row.ConcurrencyStamp;
    }

    /// <summary>Sends a test email with the saved settings to the actor's own address, straight away (not through
    /// the outbox), so the page can show the server's reply. A refusal by the server is the refusal's message.</summary>
    public async Task<Result<string>> SendTestAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, SettingsRules.Spec("settings.mail.test", Permissions.EditSettings),
            new AuditTarget("mail", "Email (SMTP)"), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var (config, password) = await mailSettings.ReadForSendingAsync(op.Db, cancellationToken);
        var address = await op.Db.Users.Where(u => u.Id == op.Actor.UserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (await op.RefuseIfAsync((config.IsConfigured ? null : SettingsRules.NotConfigured)
            ?? (SettingsRules.IsMailAddress(address) ? null : SettingsRules.NoOwnAddress)) is { } refused)
        {
            return refused;
        }

        var message = new MimeMessage { Subject = TestSubject };
        message.From.Add(new MailboxAddress(config.FromName, config.FromAddress));
        message.To.Add(new MailboxAddress(op.Actor.FullName, address!));
        message.Body = new TextPart("plain")
        {
            Text = $"This is a test email from UserConsole, sent by {op.Actor.UserName} from the Settings page at " +
                $"{op.Now:yyyy-MM-dd HH:mm} UTC.\n\nIf it reached you, the console can send its notifications.",
        };
        var reply = (await new SmtpTransport(TimeSpan.FromSeconds(options.Value.TimeoutSeconds)).SendAsync(config, password, [message], cancellationToken))[0];
        if (!reply.Accepted)
        {
            return await op.RefuseAsync(new DomainError("mail.test_failed", $"The SMTP server refused the test email: {reply.Text}"));
        }

        return await op.CommitAsync(new ChangeSet().Add("To", null, address).Add("Reply", null, reply.Text)) is { } failed ? failed : address!;
    }

    /// <summary>Puts every failed mail back in the queue for a fresh set of attempts; returns how many.</summary>
    public async Task<Result<int>> RetryFailedAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, SettingsRules.Spec("settings.mail.retry_failed", Permissions.EditSettings),
            new AuditTarget("mail", "Email delivery"), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var failed = await op.Db.Outbox.Where(m => m.Status == OutboxStatus.Failed).ToListAsync(cancellationToken);
        foreach (var message in failed)
        {
            message.Retry(op.Now);
        }

        op.Changed(ChangeKind.Settings, "mail", ChangeAction.Updated);
        var count = failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await op.CommitAsync(new ChangeSet().Add("Retried", null, count)) is { } error ? error : failed.Count;
    }

    private async Task<DeliveryStatus> DeliveryAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var counts = await db.Outbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var sent = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.SentAt >= since, cancellationToken);
        var lastError = await db.Outbox.Where(m => m.Status != OutboxStatus.Sent && m.LastReply != null)
            .OrderByDescending(m => m.Id).Select(m => m.LastReply).FirstOrDefaultAsync(cancellationToken);
        int Count(params OutboxStatus[] statuses) => counts.Where(c => statuses.Contains(c.Key)).Sum(c => c.Count);
        return new DeliveryStatus(Count(OutboxStatus.Queued, OutboxStatus.Sending), sent, Count(OutboxStatus.Failed), lastError);
    }
}
