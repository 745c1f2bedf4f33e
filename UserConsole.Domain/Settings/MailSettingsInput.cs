using FluentValidation;
using UserConsole.Domain.Mail;

namespace UserConsole.Domain.Settings;

/// <summary>The Email (SMTP) form. An empty <see cref="Password"/> keeps the stored one; <see cref="ClearPassword"/>
/// removes it.</summary>
public sealed class MailSettingsInput
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool ClearPassword { get; set; }

    public string FromAddress { get; set; } = "";

    public string? FromName { get; set; }

    public string? PublicUrl { get; set; }

    /// <summary>The version of the settings the form was loaded with (null before the first save).</summary>
    public string? ConcurrencyStamp { get; set; }

    internal SmtpConfig ToConfig() => new(Host.Trim(), Port, Security, string.IsNullOrWhiteSpace(UserName) ? null : UserName.Trim(),
        FromAddress.Trim(), string.IsNullOrWhiteSpace(FromName) ? null : FromName.Trim(),
        string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.Trim().TrimEnd('/'));
}

public sealed class MailSettingsInputValidator : AbstractValidator<MailSettingsInput>
{
    public MailSettingsInputValidator()
    {
        RuleFor(i => i.Host).Must(SettingsRules.IsHostName)
            .WithMessage("Enter the SMTP server's host name or IP address, such as smtp.example.com.");
        RuleFor(i => i.Port).InclusiveBetween(1, 65535).WithMessage("The port is a number from 1 to 65535 (usually 587, 465 or 25).");
        RuleFor(i => i.Security).IsInEnum().WithMessage("Choose None, STARTTLS or SSL/TLS.");
        RuleFor(i => i.UserName).MaximumLength(MailSettings.UserNameLength)
            .Must(u => !Validation.HasControlCharacters(u)).WithMessage("The user name cannot hold control characters.");
        RuleFor(i => i.Password).MaximumLength(512).WithMessage("The password can be at most 512 characters.");
        RuleFor(i => i.FromAddress).Must(SettingsRules.IsMailAddress).WithMessage("Enter the sender's address, such as backup@example.com.");
        RuleFor(i => i.FromName).MaximumLength(OutboxMessage.NameLength)
            .Must(n => !Validation.HasControlCharacters(n)).WithMessage("The display name cannot hold control characters.");
        RuleFor(i => i.PublicUrl).Must(SettingsRules.IsPublicUrl)
            .WithMessage("Enter the address people open the console at, such as https://console.example.com (or leave it empty).");
    }
}
