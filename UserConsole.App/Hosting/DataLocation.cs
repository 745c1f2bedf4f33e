using Microsoft.Data.Sqlite;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

/// <summary>Where UserConsole keeps its data: the SQLite file and the Data Protection keys.</summary>
public sealed record DataLocation(string Folder, string ConnectionString)
{
    /// <summary>ConnectionStrings:UserConsole wins (environment variable ConnectionStrings__UserConsole);
    /// otherwise a "data" folder next to the app (UserConsole:DataFolder overrides the folder).</summary>
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
        // How long a write waits for another writer before it says "The database is busy, try again".
        var busyTimeout = configuration.GetValue<int?>("Database:BusyTimeoutSeconds");
        var connectionString = configuration.GetConnectionString("UserConsole");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(folder, "userconsole.db"),
                Pooling = true,
                DefaultTimeout = busyTimeout ?? DatabaseErrors.DefaultBusyTimeoutSeconds,
            }.ToString();
        }
        else if (busyTimeout is { } seconds)
        {
            connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = seconds }.ToString();
        }

        return new DataLocation(folder, connectionString);
    }
}
