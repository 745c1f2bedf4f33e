using FluentValidation;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>A user's own contact details as the profile form edits them.</summary>
public sealed class AccountDetailsInput
{
    public string? FullName { get; set; }

    public string? Company { get; set; }

    public string Email { get; set; } = "";

    /// <summary>The user's concurrency stamp when the form was loaded: a save over a newer version is refused.</summary>
    public string ConcurrencyStamp { get; set; } = "";
}

public sealed class AccountDetailsInputValidator : AbstractValidator<AccountDetailsInput>
{
    public AccountDetailsInputValidator()
    {
        RuleFor(x => x.FullName)
            .Must(ContactRules.IsValidText)
            .WithMessage($"Use at most {ContactRules.TextMaxLength} characters, on one line.");
        RuleFor(x => x.Company)
            .Must(ContactRules.IsValidText)
            .WithMessage($"Use at most {ContactRules.TextMaxLength} characters, on one line.");
        RuleFor(x => x.Email)
            .Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter your email.")
            .Must(e => e.Trim().Length <= ContactRules.EmailMaxLength).WithMessage($"Use at most {ContactRules.EmailMaxLength} characters.")
            .Must(ContactRules.IsValidEmail).WithMessage("Enter an email address like name@example.com.");
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
    }
}
