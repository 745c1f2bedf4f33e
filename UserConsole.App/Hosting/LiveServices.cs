using Microsoft.AspNetCore.Components.Server.Circuits;
using UserConsole.App.Live;

namespace UserConsole.App.Hosting;

internal static class LiveServices
{
    /// <summary>The live change feed, which receives every committed domain change and pushes it to the open
    /// circuits, the circuit handler that ties a circuit to its session, and the listener that ends a changed
    /// account's sessions.</summary>
    internal static WebApplicationBuilder AddUserConsoleLive(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<InMemoryChangeFeed>();
        services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        services.AddSingleton<IChangePublisher>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        services.AddScoped<CircuitHandler, LiveCircuitHandler>();
        services.AddHostedService<AccountChangeSessionEnder>(); // sessions without an open page end at once too
        return builder;
    }
}
