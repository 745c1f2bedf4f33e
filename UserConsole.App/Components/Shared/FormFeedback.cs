using UserConsole.Domain;

namespace UserConsole.App.Components.Shared;

/// <summary>What a form shows after the server refused a save: errors that name a field go next to that field
/// (through <see cref="FluentValidator{TModel}"/>), the rest into an alert above the buttons.</summary>
public sealed record FormFeedback(IReadOnlyDictionary<string, string> FieldErrors, string? Alert)
{
    public static FormFeedback None { get; } = new(new Dictionary<string, string>(), null);

    /// <summary>Feedback for <paramref name="error"/>; a field error only for one of <paramref name="fields"/>
    /// (the fields this form shows), anything else becomes the alert.</summary>
    public static FormFeedback From(DomainError error, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Property is { } property && fields.Contains(property, StringComparer.Ordinal)
            ? new FormFeedback(new Dictionary<string, string> { [property] = error.Message }, null)
            : new FormFeedback(new Dictionary<string, string>(), error.Message);
    }
}
