using FluentValidation;

namespace UserConsole.Domain.Roles;

/// <summary>Input of "Create user role" (the permissions matrix).</summary>
public class RoleInput
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<string> Permissions { get; set; } = [];

    /// <summary>"Require two-factor authentication" for the role's holders.</summary>
    public bool RequireTwoFactor { get; set; }
}

/// <summary>Input of a role edit: the fields plus the version the editor started from.</summary>
public sealed class UpdateRoleInput : RoleInput
{
    public Guid RoleId { get; set; }

    public string ConcurrencyStamp { get; set; } = "";

    /// <summary>The <see cref="RoleImpact.Fingerprint"/> the person saw before Save; the save is refused with the
    /// new impact when it no longer matches. Null skips the check (a caller that showed no impact).</summary>
    public string? ConfirmedImpact { get; set; }
}

public static class RoleFieldRules
{
    public const int NameMin = 2;
    public const int NameMax = 50;
    public const int DescriptionMax = 500;

    public static void AddRules<T>(AbstractValidator<T> validator)
        where T : RoleInput
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(x => x.Name)
            .Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a role name.")
            .Must(n => n.Trim().Length is >= NameMin and <= NameMax).WithMessage($"Use {NameMin} to {NameMax} characters.")
            .Must(n => !Validation.HasControlCharacters(n)).WithMessage("Remove tabs, line breaks and other control characters.");

        validator.RuleFor(x => x.Description)
            .Cascade(CascadeMode.Stop)
            .Must(d => (d?.Trim().Length ?? 0) <= DescriptionMax).WithMessage($"Use at most {DescriptionMax} characters.")
            .Must(d => !Validation.HasControlCharacters(d?.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal)))
            .WithMessage("Remove tabs and other control characters.");

        validator.RuleFor(x => x.Permissions)
            .NotNull()
            .Must(keys => keys.All(Access.Permissions.IsKnown)).WithMessage(keys => $"Unknown permission: {string.Join(", ", keys.Permissions.Where(k => !Access.Permissions.IsKnown(k)))}.");
    }
}

public sealed class RoleInputValidator : AbstractValidator<RoleInput>
{
    public RoleInputValidator() => RoleFieldRules.AddRules(this);
}

public sealed class UpdateRoleInputValidator : AbstractValidator<UpdateRoleInput>
{
    public UpdateRoleInputValidator()
    {
        RoleFieldRules.AddRules(this);
        RuleFor(x => x.RoleId).NotEmpty().WithMessage("Choose a role.");
        RuleFor(x => x.ConcurrencyStamp).NotEmpty().WithMessage("Reload the role before saving.");
    }
}
