using Microsoft.AspNetCore.Components.Server.Circuits;

namespace UserConsole.App.Live;

/// <summary>Starts the circuit's <see cref="CircuitSession"/> when the circuit opens, and drops every event a
/// revoked circuit sends: a disabled user's old tab can click, but nothing reaches a component or a service.</summary>
public sealed class LiveCircuitHandler(CircuitSession session) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) => session.StartAsync();

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.Dispose();
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context => session.IsRevoked ? Task.CompletedTask : next(context);
}
