using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace UserConsole.App.Components.Forms;

/// <summary>Put inside an EditForm: validates its model with the model's FluentValidation validator (registered
/// in DI by the domain) on submit and as fields change, and shows errors the server returned for a field
/// (<see cref="ServerErrors"/>, field name → message) next to that field until the field is edited. MudBlazor
/// inputs with <c>For=</c> show these messages. A model without a validator gets only the server errors.</summary>
public sealed class FluentValidationBridge : ComponentBase, IDisposable
{
    private EditContext? _context;
    private ValidationMessageStore? _store;
    private IValidator? _validator;
    private IReadOnlyDictionary<string, string>? _shownServerErrors;
    private bool _notifyPending;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

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
            context.OnValidationRequested += OnValidationRequested;
            context.OnFieldChanged += OnFieldChanged;
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

            // The inputs read messages when told; on a first render they subscribe only after this, so tell them
            // once everything has rendered.
            _notifyPending = true;
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (_notifyPending)
        {
            _notifyPending = false;
            _context?.NotifyValidationStateChanged();
        }
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

    private List<ValidationFailure> Validate() =>
        _validator?.Validate(new ValidationContext<object>(_context!.Model)).Errors ?? [];

    private void Detach()
    {
        if (_context is not null)
        {
            _context.OnValidationRequested -= OnValidationRequested;
            _context.OnFieldChanged -= OnFieldChanged;
        }
    }

    public void Dispose() => Detach();
}
