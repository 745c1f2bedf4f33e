using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.App.Live;
using UserConsole.App.Security;
using UserConsole.Domain;
using UserConsole.Domain.Changes;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

/// <summary>bUnit over the real domain: the components' services work on the database of a
/// <see cref="DomainTestContext"/> (same file, same clock), and changes they commit go through the app's live feed.</summary>
public sealed class BackupComponentContext : UserConsoleTestContext
{
    public BackupComponentContext(DomainTestContext domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        Services.AddLogging();
        Services.AddSingleton<TimeProvider>(domain.Clock);
        Services.AddSingleton<InMemoryChangeFeed>();
        Services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        Services.AddSingleton<IChangePublisher>(sp => sp.GetRequiredService<InMemoryChangeFeed>());
        Services.AddUserConsoleDomain(new SqliteConnectionStringBuilder { DataSource = domain.DatabasePath, Pooling = false }.ToString());
        Services.AddScoped<SessionUser>();

        // As in the app: an interactive server circuit (live subscriptions start only there).
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public InMemoryChangeFeed Feed => Services.GetRequiredService<InMemoryChangeFeed>();

    /// <summary>A domain service as the components get it (publishing to <see cref="Feed"/>).</summary>
    public T Domain<T>()
        where T : notnull => Services.GetRequiredService<T>();
}
