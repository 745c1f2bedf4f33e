using FluentValidation;

namespace UserConsole.Domain.Profile;

/// <summary>The verification code typed to confirm a 2FA setup.</summary>
public sealed class TwoFactorCodeInput
{
    public string Code { get; set; } = "";
}

public sealed class TwoFactorCodeInputValidator : AbstractValidator<TwoFactorCodeInput>
{
    public TwoFactorCodeInputValidator() =>
        RuleFor(x => x.Code).Must(c => AuthenticatorCodes.Normalize(c) is not null).WithMessage(ProfileRules.CodeFormat.Message);
}

/// <summary>The password asked before turning one's own 2FA off.</summary>
public sealed class DisableTwoFactorInput
{
    public string CurrentPassword { get; set; } = "";

    public override string ToString() => nameof(DisableTwoFactorInput);
}

public sealed class DisableTwoFactorInputValidator : AbstractValidator<DisableTwoFactorInput>
{
    public DisableTwoFactorInputValidator() =>
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage(ProfileRules.CurrentPasswordRequired.Message);
}
