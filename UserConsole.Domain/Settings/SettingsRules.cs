using MimeKit;
using UserConsole.Domain.Users;
using UserConsole.Domain.Mail;

namespace UserConsole.Domain.Settings;

/// <summary>The rules of the Settings page: who sees and changes it, what a valid SMTP setting is, and its refusals.</summary>
public static class SettingsRules
{
    internal static OperationSpec Spec(string action, string permission) => new(action, "Settings", permission, Stale);

    /// <summary>The change feed's id of a Security policy save (the SMTP settings are "mail").</summary>
    public const string SecurityPolicyId = "security";

    public static DomainError Stale { get; } =
        new("concurrency.stale", "The settings were changed in another session. Reload to see the changes, then try again.");

    public static DomainError NotConfigured { get; } =
        new("mail.not_configured", "Email is not set up: enter the SMTP server and the sender's address first.");

    public static DomainError NoOwnAddress { get; } =
        new("mail.no_address", "Your account has no email address to send the test email to.");

    internal static DomainError? EditedVersionIsCurrent(string? stored, string? edited) =>
        string.Equals(stored, edited, StringComparison.Ordinal) ? null : Stale;

    /// <summary>A DNS name or an IP address, nothing else (no scheme, no port, no spaces).</summary>
    public static bool IsHostName(string? host) =>
        !string.IsNullOrWhiteSpace(host) && host.Trim().Length <= MailSettings.HostLength && Uri.CheckHostName(host.Trim()) != UriHostNameType.Unknown;

    public static bool IsMailAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) && address.Length <= OutboxMessage.AddressLength
        && MailboxAddress.TryParse(address.Trim(), out var parsed) && parsed.Address.Contains('@', StringComparison.Ordinal)
        && string.Equals(parsed.Address, address.Trim(), StringComparison.OrdinalIgnoreCase);

    public static bool IsPublicUrl(string? url) =>
        string.IsNullOrWhiteSpace(url)
        || (url.Length <= MailSettings.UrlLength && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.Query));

    internal static Capability EditOf(Actor actor) => Capability.From(AccessRules.Require(actor, Permissions.EditSettings));

    /// <summary>What the audit trail keeps of a change: every field before and after, the password only as
    /// "set"/"changed"/"removed" (never its value).</summary>
    internal static ChangeSet Diff(SmtpConfig before, bool hadPassword, SmtpConfig after, bool hasPassword, bool passwordChanged)
    {
        var changes = new ChangeSet()
            .Add("Host", before.Host, after.Host)
            .Add("Port", before.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("Security", before.Security.ToString(), after.Security.ToString())
            .Add("UserName", before.UserName, after.UserName)
            .Add("FromAddress", before.FromAddress, after.FromAddress)
            .Add("FromName", before.FromName, after.FromName)
            .Add("PublicUrl", before.PublicUrl, after.PublicUrl);
        if (passwordChanged || hadPassword != hasPassword)
        {
            changes.Add("Password", hadPassword ? "set" : "none", !hasPassword ? "removed" : hadPassword ? "changed" : "set");
        }

        return changes;
    }
}
