using UserConsole.Domain.Users;
using UserConsole.Domain.Mail;

namespace UserConsole.Domain.Settings;

/// <summary>The Settings page: the SMTP settings (whether a password is stored, never the password), what the actor
/// may do, and how delivery goes.</summary>
/// <summary>The Settings page: the SMTP settings, the outbox's state, what the actor may do, and the Security policy's
/// values in force with their version.</summary>
public sealed record SettingsPageView(MailSettingsView Mail, DeliveryStatus Delivery, Capability Edit, Capability SendTest, Capability RetryFailed,
    SecurityPolicyInput SecurityPolicy);

public sealed record MailSettingsView(SmtpConfig Config, bool HasPassword, bool IsConfigured, string? ConcurrencyStamp)
{
    public MailSettingsInput ToInput() => new()
    {
        Host = Config.Host,
        Port = Config.Port,
        Security = Config.Security,
        UserName = Config.UserName,
        FromAddress = Config.FromAddress,
        FromName = Config.FromName,
        PublicUrl = Config.PublicUrl,
        ConcurrencyStamp = ConcurrencyStamp,
    };
}

/// <summary>Queued (waiting or being sent), sent in the last 24 hours, failed, and the last error of a mail not sent.</summary>
public sealed record DeliveryStatus(int Queued, int SentLast24Hours, int Failed, string? LastError);
