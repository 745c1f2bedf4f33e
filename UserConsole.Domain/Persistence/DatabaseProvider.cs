namespace UserConsole.Domain.Persistence;

/// <summary>Which database UserConsole runs on (configuration key <c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the app (the default): one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: several instances can share it.</summary>
    PostgreSQL,
}

/// <summary>The database to open: the provider, its connection string and how long a write waits for another
/// writer's lock before it is refused as busy.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, int BusyTimeoutSeconds = DatabaseErrors.DefaultBusyTimeoutSeconds)
{
    /// <summary>The connection string every part of the app opens (contexts, the feed, pool resets). On PostgreSQL it
    /// turns the server's JIT compilation off for these sessions (<c>Options=-c jit=off</c>) unless the configured string
    /// sets <c>jit</c> itself: the console sends short queries whose estimated cost (joins over several small tables,
    /// before ANALYZE has seen them) can pass <c>jit_above_cost</c>, and compiling one took 0.9 s for a 2 ms users-list
    /// read, which is what delayed a change on another instance's open list by 1–3 s.</summary>
    public string ConnectionString { get; init; } = Provider == DatabaseProvider.PostgreSQL ? WithoutJit(ConnectionString) : ConnectionString;

    /// <summary>The PostgreSQL connection string with <c>-c jit=off</c> added (unchanged when it names <c>jit</c>).</summary>
    internal static string WithoutJit(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = $"{builder.Options} -c jit=off".Trim();
        }

        return builder.ToString();
    }

    public const string ProviderKey = "Database:Provider";

    /// <summary>The provider named by <paramref name="value"/> (case-insensitive; empty means SQLite).</summary>
    public static DatabaseProvider ParseProvider(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : string.Equals(value.Trim(), "Postgres", StringComparison.OrdinalIgnoreCase) || string.Equals(value.Trim(), "Npgsql", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.PostgreSQL
        : throw new InvalidOperationException($"{ProviderKey} is '{value}'; use Sqlite or PostgreSQL.");
}
