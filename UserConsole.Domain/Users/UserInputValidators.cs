using System.Linq.Expressions;
using System.Text.RegularExpressions;
using FluentValidation;

namespace UserConsole.Domain.Users;

/// <summary>The rules of a user's fields (accounts): ASCII usernames so look-alikes cannot exist,
/// valid emails, short details without control characters, a role. Uniqueness, existence and the protection
/// rules need the database and are checked by <see cref="UserAdministration"/>.</summary>
public static partial class UserFieldRules
{
    public const int UserNameMin = 3;
    public const int UserNameMax = 32;
    public const int EmailMax = 254;
    public const int DetailMax = 100;

    /// <summary>3–32 of a–z, A–Z, 0–9, '.', '_', '-', starting with a letter or digit (ASCII only).</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    public static partial Regex UserNamePattern();

    /// <summary>The HTML Living Standard's "valid email address" (what a browser's email field accepts).</summary>
    [GeneratedRegex(@"\A[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\z", RegexOptions.CultureInvariant)]
    public static partial Regex EmailPattern();

    public static void AddRules<T>(AbstractValidator<T> validator)
        where T : UserFields
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(x => x.UserName)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter a username.")
            .Length(UserNameMin, UserNameMax).WithMessage($"Use {UserNameMin} to {UserNameMax} characters.")
            .Matches(UserNamePattern()).WithMessage("Use only letters a–z, digits, '.', '_' and '-', starting with a letter or digit.");

        AddContactRules(validator, x => x.Email, x => x.FullName, x => x.Company);

        validator.RuleFor(x => x.RoleId)
            .Must(id => id is { } value && value != Guid.Empty).WithMessage("Choose a role.");

        validator.RuleFor(x => x.ProductionServerIds).NotNull();
        validator.RuleFor(x => x.StorageServerIds).NotNull();
    }

    /// <summary>Email, full name and company: the fields an administrator sets and the user edits on their own
    /// profile, under the same rules.</summary>
    public static void AddContactRules<T>(
        AbstractValidator<T> validator,
        Expression<Func<T, string>> email,
        Expression<Func<T, string?>> fullName,
        Expression<Func<T, string?>> company)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(email)
            .Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter an email address.")
            .Must(e => e.Trim().Length <= EmailMax).WithMessage($"Use at most {EmailMax} characters.")
            .Must(e => EmailPattern().IsMatch(e.Trim())).WithMessage("Enter a valid email address, like name@example.com.");

        foreach (var detail in new[] { fullName, company })
        {
            validator.RuleFor(detail)
                .Cascade(CascadeMode.Stop)
                .Must(v => (v?.Trim().Length ?? 0) <= DetailMax).WithMessage($"Use at most {DetailMax} characters.")
                .Must(v => !Validation.HasControlCharacters(v?.Trim())).WithMessage("Remove tabs, line breaks and other control characters.");
        }
    }

    /// <summary>Null for empty or blank text, else the trimmed text (what is stored).</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed class CreateUserInputValidator : AbstractValidator<CreateUserInput>
{
    public CreateUserInputValidator() => UserFieldRules.AddRules(this);
}

public sealed class UpdateUserInputValidator : AbstractValidator<UpdateUserInput>
{
    public UpdateUserInputValidator()
    {
        UserFieldRules.AddRules(this);
        RuleFor(x => x.UserId).NotEmpty().WithMessage("Choose a user.");
        RuleFor(x => x.ConcurrencyStamp).NotEmpty().WithMessage("Reload the user before saving.");
    }
}
