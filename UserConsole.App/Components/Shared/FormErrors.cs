using UserConsole.Domain;

namespace UserConsole.App.Components;

/// <summary>Where a form shows a refusal from the domain: at its field when the error names one (through
/// <see cref="Shared.FluentValidator{TModel}"/>'s ServerErrors), else as one message above the buttons.</summary>
public sealed class FormErrors
{
    public IReadOnlyDictionary<string, string> Fields { get; private set; } = new Dictionary<string, string>();

    public string? General { get; private set; }

    public void Clear()
    {
        Fields = new Dictionary<string, string>();
        General = null;
    }

    /// <summary>Shows <paramref name="error"/>; true when there was none (the operation succeeded).</summary>
    public bool Accept(DomainError? error)
    {
        Clear();
        if (error is null)
        {
            return true;
        }

        if (error.Property is { } property)
        {
            Fields = new Dictionary<string, string> { [property] = error.Message };
        }
        else
        {
            General = error.Message;
        }

        return false;
    }
}
