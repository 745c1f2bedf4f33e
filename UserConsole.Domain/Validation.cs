using FluentValidation;

namespace UserConsole.Domain;

/// <summary>Runs a FluentValidation validator inside a domain operation and turns the first failure into a
/// <see cref="DomainError"/> naming its property (forms validate the same rules as the user types).</summary>
public static class Validation
{
    public const string Code = "validation.invalid";

    public static DomainError? FirstError<T>(IValidator<T> validator, T input)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var result = validator.Validate(input);
        if (result.IsValid)
        {
            return null;
        }

        var failure = result.Errors[0];
        return new DomainError(string.IsNullOrEmpty(failure.ErrorCode) || failure.ErrorCode.EndsWith("Validator", StringComparison.Ordinal) ? Code : failure.ErrorCode,
            failure.ErrorMessage, failure.PropertyName);
    }

    /// <summary>True when the text holds a control character (tabs and new lines included).</summary>
    public static bool HasControlCharacters(string? value) => value is not null && value.Any(char.IsControl);
}
