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
    public const string ProviderKey = "Database:Provider";

    /// <summary>The provider named by <paramref name="value"/> (case-insensitive; empty means SQLite).</summary>
    public static DatabaseProvider ParseProvider(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : string.Equals(value.Trim(), "Postgres", StringComparison.OrdinalIgnoreCase) || string.Equals(value.Trim(), "Npgsql", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.PostgreSQL
        : throw new InvalidOperationException($"{ProviderKey} is '{value}'; use Sqlite or PostgreSQL.");
}
