using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace UserConsole.Domain.Mail;

/// <summary>The SMTP settings in force: the saved row, or the configured defaults of a new install; and the
/// password, protected with Data Protection for the database and unprotected only to talk to the server.</summary>
public sealed class MailSettingsStore(IDataProtectionProvider dataProtection, IOptions<MailOptions> options)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("UserConsole.Mail.SmtpPassword");

    public MailOptions Options => options.Value;

    /// <summary>The settings and whether a password is stored (never the password).</summary>
    internal Task<(SmtpConfig Config, bool HasPassword, string? Stamp)> ReadAsync(UserConsoleDbContext db, CancellationToken cancellationToken) =>
        ReadAsync(db, options.Value, cancellationToken);

    /// <inheritdoc cref="ReadAsync(UserConsoleDbContext, CancellationToken)"/>
    internal static async Task<(SmtpConfig Config, bool HasPassword, string? Stamp)> ReadAsync(UserConsoleDbContext db, MailOptions defaults, CancellationToken cancellationToken)
    {
        var row = await db.MailSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == MailSettings.SingletonId, cancellationToken);
        return row is null
            ? (defaults.ToConfig(), !string.IsNullOrEmpty(defaults.Password), null)
            : (row.ToConfig(), row.ProtectedPassword is not null, row.ConcurrencyStamp);
    }

    /// <summary>The settings with the password, for sending.</summary>
    internal async Task<(SmtpConfig Config, string? Password)> ReadForSendingAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.MailSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == MailSettings.SingletonId, cancellationToken);
        if (row is null)
        {
            return (options.Value.ToConfig(), options.Value.Password);
        }

        return (row.ToConfig(), Unprotect(row.ProtectedPassword));
    }

    internal string Protect(string password) => _protector.Protect(password);

    private string? Unprotect(string? protectedPassword)
    {
        if (protectedPassword is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (CryptographicException)
        {
            // Keys lost (restored database without its keys): send without; the server's refusal says what to do.
            return null;
        }
    }
}
