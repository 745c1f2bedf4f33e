using FluentValidation;
using Microsoft.AspNetCore.Components.Forms;

namespace UserConsole.App.Components.Shared;

/// <summary>Runs the model's FluentValidation validator (the same one the domain service runs) inside an
/// EditForm: a field's messages appear as it changes, all of them on submit. Errors returned by the service
/// for a property (<see cref="ServerErrors"/>) are shown at that field until it is edited again.</summary>
public sealed class FluentValidator<TModel> : ComponentBase, IDisposable
{
    private ValidationMessageStore? _messages;
    private EditContext? _subscribedTo;
    private IReadOnlyDictionary<string, string>? _shownServerErrors;
    private readonly HashSet<string> _editedSinceServerErrors = new(StringComparer.Ordinal);

    [CascadingParameter]
    private EditContext? EditContext { get; set; }

    [Inject]
    private IValidator<TModel> Validator { get; set; } = default!;

    /// <summary>Property name → message, as returned by the domain service.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string>? ServerErrors { get; set; }

    protected override void OnParametersSet()
    {
        if (EditContext is null)
        {
            throw new InvalidOperationException($"{nameof(FluentValidator<TModel>)} must be placed inside an EditForm.");
        }

        if (!ReferenceEquals(EditContext, _subscribedTo))
        {
            Unsubscribe();
            _messages = new ValidationMessageStore(EditContext);
            EditContext.OnFieldChanged += OnFieldChanged;
            EditContext.OnValidationRequested += OnValidationRequested;
            _subscribedTo = EditContext;
        }

        if (!ReferenceEquals(ServerErrors, _shownServerErrors))
        {
            _shownServerErrors = ServerErrors;
            _editedSinceServerErrors.Clear();
            foreach (var (property, message) in ServerErrors ?? new Dictionary<string, string>())
            {
                var field = EditContext.Field(property);
                _messages!.Clear(field);
                _messages.Add(field, message);
            }

            EditContext.NotifyValidationStateChanged();
        }
    }

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        var field = e.FieldIdentifier;
        _editedSinceServerErrors.Add(field.FieldName);
        _messages!.Clear(field);
        var result = Validator.Validate((TModel)field.Model);
        foreach (var failure in result.Errors.Where(f => f.PropertyName == field.FieldName))
        {
            _messages.Add(field, failure.ErrorMessage);
        }

        EditContext!.NotifyValidationStateChanged();
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        _messages!.Clear();
        var model = (TModel)EditContext!.Model;
        foreach (var failure in Validator.Validate(model).Errors)
        {
            _messages.Add(EditContext.Field(failure.PropertyName), failure.ErrorMessage);
        }

        foreach (var (property, message) in (ServerErrors ?? new Dictionary<string, string>()).Where(p => !_editedSinceServerErrors.Contains(p.Key)))
        {
            _messages.Add(EditContext.Field(property), message);
        }

        EditContext.NotifyValidationStateChanged();
    }

    private void Unsubscribe()
    {
        if (_subscribedTo is not null)
        {
            _subscribedTo.OnFieldChanged -= OnFieldChanged;
            _subscribedTo.OnValidationRequested -= OnValidationRequested;
            _messages?.Clear();
        }
    }

    public void Dispose() => Unsubscribe();
}
