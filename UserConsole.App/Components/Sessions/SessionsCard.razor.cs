using UserConsole.App.Components.Shared;
using UserConsole.App.Live;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Components.Sessions;

/// <summary>Loads the sessions from the domain (which decides what may be seen and done), ends them on request and
/// reloads when any session begins or ends.</summary>
public sealed partial class SessionsCard(SessionService sessions, SessionUser session, CircuitSession circuit, TimeProvider clock, StepUp stepUp)
{
    private readonly string _headingId = $"sessions-{Guid.NewGuid():N}";
    private SessionList? _list;
    private string? _error;
    private string? _done;
    private bool _busy;
    private bool _hidden;
    private DateTime _now;

    /// <summary>Whose sessions: null for the signed-in user's own (the profile).</summary>
    [Parameter]
    public Guid? UserId { get; set; }

    private static readonly ChangeKind[] SessionKinds = [ChangeKind.Session];

    private bool IsOwn => UserId is null;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var by = await session.GetAsync();
        var result = IsOwn
            ? await sessions.ListOwnAsync(by, circuit.ServerSessionId)
            : await sessions.ListOfUserAsync(by, UserId!.Value);
        _now = clock.GetUtcNow().UtcDateTime;
        _hidden = !IsOwn && !result.Succeeded;
        _list = result.Succeeded ? result.Value : null;
        _error = IsOwn && !result.Succeeded ? result.Error!.Message : null;
    }

    private Task SignOutAsync(SessionItem session) =>
        RunAsync(async by => await sessions.EndOwnAsync(by, session.Id), $"{Describe(session)} was signed out.");

    private Task SignOutManyAsync() => IsOwn
        ? RunAsync(async by => await sessions.EndOthersAsync(by, circuit.ServerSessionId ?? Guid.Empty), "Your other sessions were signed out.")
        : RunAsync(async by => await sessions.EndAllOfUserAsync(by, UserId!.Value), "The user was signed out everywhere.", sensitive: true);

    /// <param name="sensitive">Signing another user out everywhere: after "Confirm it's you" when the proof is not fresh.</param>
    private async Task RunAsync(Func<Domain.Access.ActingUser, Task<Result>> action, string done, bool sensitive = false)
    {
        _busy = true;
        _error = null;
        _done = null;
        try
        {
            var by = await session.GetAsync();
            var error = sensitive ? await stepUp.RunAsync(by, async acting => (await action(acting)).Error) : (await action(by)).Error;
            if (StepUp.IsCancelled(error))
            {
                return;
            }

            await LoadAsync();
            _error = error is null ? _error : error.Message;
            _done = error is null ? done : null;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Describe(SessionItem session) =>
        $"{session.Browser} on {session.OperatingSystem}{(session.ClientAddress is { } address ? $" from {address}" : "")}";
}
