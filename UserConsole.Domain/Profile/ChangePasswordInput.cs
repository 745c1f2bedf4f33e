using FluentValidation;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>A user's own password change. Leaving the new password and its repetition blank keeps the password.</summary>
public sealed class ChangePasswordInput
{
    public string CurrentPassword { get; set; } = "";

    public string NewPassword { get; set; } = "";

    public string RepeatPassword { get; set; } = "";

    /// <summary>True when both new-password fields are blank: nothing to change.</summary>
    public bool KeepsPassword => NewPassword.Length == 0 && RepeatPassword.Length == 0;

    // Keep passwords out of accidental logging.
    public override string ToString() => nameof(ChangePasswordInput);
}

/// <summary>The form's checks; the password policy itself (strength, not the username or email, not the current
/// one) needs the account and is applied by the service.</summary>
public sealed class ChangePasswordInputValidator : AbstractValidator<ChangePasswordInput>
{
    public ChangePasswordInputValidator()
    {
        When(x => !x.KeepsPassword, () =>
        {
            RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
            RuleFor(x => x.NewPassword)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter a new password.")
                .MinimumLength(PasswordPolicy.MinLength).WithMessage($"Use at least {PasswordPolicy.MinLength} characters.")
                .MaximumLength(PasswordPolicy.MaxLength).WithMessage($"Use at most {PasswordPolicy.MaxLength} characters.");
            RuleFor(x => x.RepeatPassword)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Repeat the new password.")
                .Equal(x => x.NewPassword).WithMessage("The passwords do not match.");
        });
    }
}
