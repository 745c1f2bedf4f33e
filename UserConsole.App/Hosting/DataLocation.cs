using Microsoft.Data.Sqlite;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

/// <summary>Where UserConsole keeps its data: the database (a SQLite file in the data folder by default, or PostgreSQL)
/// and the data folder itself.</summary>
public sealed record DataLocation(string Folder, DatabaseSettings Database)
{
    public string ConnectionString => Database.ConnectionString;

    /// <summary>Database:Provider picks the database (Sqlite by default, or PostgreSQL). ConnectionStrings:UserConsole
    /// wins (environment variable ConnectionStrings__UserConsole; required for PostgreSQL); otherwise SQLite uses a
    /// "data" folder next to the app (UserConsole:DataFolder overrides the folder).</summary>
    public static DataLocation Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var folder = configuration["UserConsole:DataFolder"];
        if (string.IsNullOrWhiteSpace(folder))
        {
            folder = Path.Combine(environment.ContentRootPath, "data");
        }

        folder = Path.GetFullPath(folder);
        var provider = DatabaseSettings.ParseProvider(configuration[DatabaseSettings.ProviderKey]);
        // How long a write waits for another writer before it says "The database is busy, try again".
        var busyTimeout = configuration.GetValue<int?>("Database:BusyTimeoutSeconds");
        var seconds = busyTimeout ?? DatabaseErrors.DefaultBusyTimeoutSeconds;
        var connectionString = configuration.GetConnectionString("UserConsole");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"{DatabaseSettings.ProviderKey} is PostgreSQL but ConnectionStrings:UserConsole is empty; set it (e.g. ConnectionStrings__UserConsole=\"Host=db;Database=userconsole;Username=userconsole;Password=...\").");
            }

            return new DataLocation(folder, new DatabaseSettings(provider, connectionString, seconds));
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(folder, "userconsole.db"),
                Pooling = true,
                DefaultTimeout = seconds,
            }.ToString();
        }
        else if (busyTimeout is { } configured)
        {
            connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = configured }.ToString();
        }

        return new DataLocation(folder, new DatabaseSettings(provider, connectionString, seconds));
    }
}
