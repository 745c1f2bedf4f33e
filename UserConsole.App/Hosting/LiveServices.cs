using Microsoft.AspNetCore.Components.Server.Circuits;
using UserConsole.App.Live;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

internal static class LiveServices
{
    /// <summary>The live change feed, which receives every committed domain change and pushes it to the open
    /// circuits (on PostgreSQL also to and from the other instances, over LISTEN/NOTIFY), the circuit handler that
    /// ties a circuit to its session, and the listener that ends a changed account's sessions.</summary>
    internal static WebApplicationBuilder AddUserConsoleLive(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<InMemoryChangeFeed>();
        services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        if (DatabaseSettings.ParseProvider(builder.Configuration[DatabaseSettings.ProviderKey]) == DatabaseProvider.PostgreSQL)
        {
            services.AddSingleton<PostgresChangeFeed>();
            services.AddSingleton<IChangePublisher>(sp => sp.GetRequiredService<PostgresChangeFeed>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeFeed>());
        }
        else
        {
            services.AddSingleton<IChangePublisher>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        }

        services.AddScoped<CircuitHandler, LiveCircuitHandler>();
        services.AddHostedService<AccountChangeSessionEnder>(); // sessions without an open page end at once too
        return builder;
    }
}
