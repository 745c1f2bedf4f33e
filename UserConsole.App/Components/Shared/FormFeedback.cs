
namespace UserConsole.App.Components.Shared;

/// <summary>What a form shows after the domain refused an operation, the same way on every screen. A refusal that
/// names a field this form shows goes next to that field (give <see cref="Fields"/> to
/// <see cref="FluentValidator{TModel}"/>'s ServerErrors, or on the static account pages to the message store
/// filler); any other refusal is the form's <see cref="General"/> message, which the screen shows as an alert or a
/// snackbar. A stale edit (<see cref="IsStale"/>) is a general message with which the screen offers Reload.</summary>
public sealed class FormFeedback
{
    /// <summary>The code of every "changed by someone else meanwhile" refusal.</summary>
    public const string StaleCode = "concurrency.stale";

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();

    private readonly HashSet<string> _shownFields;

    /// <param name="shownFields">The property names of the fields the form shows.</param>
    public FormFeedback(params IEnumerable<string> shownFields) => _shownFields = new HashSet<string>(shownFields, StringComparer.Ordinal);

    /// <summary>Property name → message, for the field validator; a new dictionary after every change.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; private set; } = NoFields;

    /// <summary>The message that belongs to no shown field; null when there is none.</summary>
    public string? General { get; private set; }

    /// <summary>The general message says the edit was stale: the screen offers Reload.</summary>
    public bool IsStale { get; private set; }

    /// <summary>Feedback for a form that shows every public property of <typeparamref name="TFields"/>.</summary>
    public static FormFeedback For<TFields>() => new(typeof(TFields).GetProperties().Select(p => p.Name));

    /// <summary>True when <paramref name="error"/> refused an edit made over an outdated version.</summary>
    public static bool IsStaleError(DomainError? error) => error?.Code == StaleCode;

    public void Clear()
    {
        Fields = NoFields;
        General = null;
        IsStale = false;
    }

    /// <summary>Shows <paramref name="error"/> in place of what was shown; true when there was none (the operation
    /// succeeded).</summary>
    public bool Accept(DomainError? error)
    {
        Clear();
        if (error is null)
        {
            return true;
        }

        if (error.Property is { } property && _shownFields.Contains(property))
        {
            Fields = new Dictionary<string, string> { [property] = error.Message };
        }
        else
        {
            ShowGeneral(error.Message, IsStaleError(error));
        }

        return false;
    }

    /// <summary>Shows a message of the screen's own (a failed load, a change made elsewhere) as the general one.</summary>
    public void ShowGeneral(string message, bool stale = false)
    {
        Clear();
        General = message;
        IsStale = stale;
    }
}
