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

/// <summary>The same contact rules as the administrator's user form.</summary>
public sealed class AccountDetailsInputValidator : AbstractValidator<AccountDetailsInput>
{
    public AccountDetailsInputValidator()
    {
        UserFieldRules.AddContactRules(this, x => x.Email, x => x.FullName, x => x.Company);
        RuleFor(x => x.ConcurrencyStamp).NotEmpty().WithMessage("Reload your profile before saving.");
    }
}
