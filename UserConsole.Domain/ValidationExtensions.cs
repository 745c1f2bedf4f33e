using FluentValidation.Results;

namespace UserConsole.Domain;

public static class ValidationExtensions
{
    /// <summary>The first failure as a <see cref="DomainError"/> naming its property; null when valid. Forms run
    /// the same validator first and show every message at its field; the service repeats it on entry.</summary>
    public static DomainError? ToDomainError(this ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.FirstOrDefault() is { } failure
            ? new DomainError("validation", failure.ErrorMessage, failure.PropertyName)
            : null;
    }
}
