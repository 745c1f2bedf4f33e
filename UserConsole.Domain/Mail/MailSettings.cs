namespace UserConsole.Domain.Mail;

public enum SmtpSecurity
{
    None = 0,
    StartTls = 1,
    SslTls = 2,
}

/// <summary>The SMTP server and sender of the console's mails: one row, changed on the Settings page. Until it is
/// saved once, <see cref="MailOptions"/> (appsettings) give the values. The password is stored protected with Data
/// Protection and never read back to a page.</summary>
public sealed class MailSettings
{
    public const int SingletonId = 1;
    public const int HostLength = 253;
    public const int UserNameLength = 256;
    public const int UrlLength = 2000;

    private MailSettings()
    {
    }

    internal MailSettings(SmtpConfig config, string? protectedPassword)
    {
        Id = SingletonId;
        Apply(config, protectedPassword);
    }

    public int Id { get; private set; }

    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    public SmtpSecurity Security { get; private set; }

    public string? UserName { get; private set; }

    public string? ProtectedPassword { get; private set; }

    public string FromAddress { get; private set; } = "";

    public string? FromName { get; private set; }

    public string? PublicUrl { get; private set; }

    public string ConcurrencyStamp { get; private set; } = "";

    internal void Apply(SmtpConfig config, string? protectedPassword)
    {
        Host = config.Host;
        Port = config.Port;
        Security = config.Security;
        UserName = config.UserName;
        ProtectedPassword = protectedPassword;
        FromAddress = config.FromAddress;
        FromName = config.FromName;
        PublicUrl = config.PublicUrl;
        ConcurrencyStamp = Guid.NewGuid().ToString("N");
    }

    internal SmtpConfig ToConfig() => new(Host, Port, Security, UserName, FromAddress, FromName, PublicUrl);
}

/// <summary>The SMTP settings without the password.</summary>
public sealed record SmtpConfig(string Host, int Port, SmtpSecurity Security, string? UserName, string FromAddress, string? FromName, string? PublicUrl)
{
    /// <summary>Mails can be sent: a host and a sender are set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(FromAddress);

    /// <summary>An absolute link into the console, or the path alone without a public URL.</summary>
    public string Link(string path) => string.IsNullOrWhiteSpace(PublicUrl) ? path : PublicUrl.TrimEnd('/') + path;
}
