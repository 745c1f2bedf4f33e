using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace UserConsole.App.Components.Forms;

/// <summary>Put inside an <c>EditForm</c>: validates the form's model with its FluentValidation validator (the
/// domain registers them), one field as it changes and every field on submit, and shows errors the server returned
/// for a field (<see cref="ServerErrors"/>: property name → message) next to that field until it is edited again.
/// MudBlazor inputs with <c>For=</c> show these messages.</summary>
public sealed class FluentValidationBridge : ComponentBase, IDisposable
{
    private EditContext? _context;
    private ValidationMessageStore? _store;
    private IValidator? _validator;
    private IReadOnlyDictionary<string, string>? _shownServerErrors;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    /// <summary>Errors the server returned for fields of the model; pass a new dictionary to show new ones.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string>? ServerErrors { get; set; }

    protected override void OnParametersSet()
    {
        var context = CurrentEditContext
            ?? throw new InvalidOperationException($"{nameof(FluentValidationBridge)} must be placed inside an EditForm.");
        if (!ReferenceEquals(context, _context))
        {
            Detach();
            _context = context;
            _store = new ValidationMessageStore(context);
            _validator = Services.GetService(typeof(IValidator<>).MakeGenericType(context.Model.GetType())) as IValidator;
            context.OnFieldChanged += OnFieldChanged;
            context.OnValidationRequested += OnValidationRequested;
            _shownServerErrors = null;
        }

        if (!ReferenceEquals(ServerErrors, _shownServerErrors))
        {
            _shownServerErrors = ServerErrors;
            foreach (var (field, message) in ServerErrors ?? new Dictionary<string, string>())
            {
                var identifier = context.Field(field);
                _store!.Clear(identifier);
                _store.Add(identifier, message);
            }

            context.NotifyValidationStateChanged();
        }
    }

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        var field = e.FieldIdentifier;
        if (!ReferenceEquals(field.Model, _context!.Model))
        {
            return;
        }

        _store!.Clear(field);
        foreach (var failure in Validate().Where(f => f.PropertyName == field.FieldName))
        {
            _store.Add(field, failure.ErrorMessage);
        }

        _context.NotifyValidationStateChanged();
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        _store!.Clear();
        foreach (var failure in Validate())
        {
            _store.Add(_context!.Field(failure.PropertyName), failure.ErrorMessage);
        }

        _context!.NotifyValidationStateChanged();
    }

    private List<FluentValidation.Results.ValidationFailure> Validate() =>
        _validator?.Validate(new ValidationContext<object>(_context!.Model)).Errors ?? [];

    private void Detach()
    {
        if (_context is not null)
        {
            _context.OnFieldChanged -= OnFieldChanged;
            _context.OnValidationRequested -= OnValidationRequested;
        }
    }

    public void Dispose() => Detach();
}
