using System.Net.Mail;

namespace UserConsole.Domain.Users;

/// <summary>The rules for the contact fields of an account (email, full name, company), shared by every form
/// that edits them.</summary>
public static class ContactRules
{
    public const int EmailMaxLength = 254;
    public const int TextMaxLength = 100;

    /// <summary>A plain address (no display name, no spaces) with a dotted domain, as typed after trimming.</summary>
    public static bool IsValidEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var value = email.Trim();
        if (value.Length > EmailMaxLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var address)
            && string.Equals(address.Address, value, StringComparison.Ordinal)
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');
    }

    /// <summary>True when an optional text field fits: at most <see cref="TextMaxLength"/> characters once
    /// trimmed, and no line breaks or other control characters.</summary>
    public static bool IsValidText(string? text) =>
        text is null || (text.Trim().Length <= TextMaxLength && !text.Any(char.IsControl));

    /// <summary>The trimmed text, or null when it is blank.</summary>
    public static string? Tidy(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
