using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace UserConsole.Domain.Persistence;

/// <summary>Applies migrations, verifies SQLite runs in WAL mode (readers never block the writer) and loads the saved
/// Security policy.</summary>
public sealed partial class DatabaseInitializer(IDbContextFactory<UserConsoleDbContext> contextFactory, Settings.SecurityPolicyStore securityPolicy, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            EnsureDataFolder(db.Database.GetDbConnection());
        }

        // A restart of an up-to-date install reads the history table and goes on: MigrateAsync's lock, history-table
        // creation and per-migration checks are for a database that needs them.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // An upgraded database: chain the audit entries written before the hash chain existed.
        var chained = await Audit.AuditChain.SealUnchainedAsync(db, cancellationToken);
        if (chained > 0)
        {
            LogChained(logger, chained);
        }

        if (db.Database.IsSqlite() && await UserSearchSql.EnsureInStepAsync(db, cancellationToken))
        {
            LogSearchRebuilt(logger);
        }

        if (db.Database.IsSqlite())
        {
            var mode = await SqlScalarAsync(db, "PRAGMA journal_mode=WAL;", cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite did not switch to WAL mode (journal_mode is '{mode}').");
            }

            var dataSource = db.Database.GetDbConnection().DataSource;
            LogWal(logger, dataSource);
        }

        await securityPolicy.ReloadAsync(cancellationToken);
    }

    private static void EnsureDataFolder(DbConnection connection)
    {
        var path = connection.DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:")
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static async Task<string?> SqlScalarAsync(UserConsoleDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL, no input.
            command.CommandText = sql;
#pragma warning restore CA2100
            return (await command.ExecuteScalarAsync(cancellationToken))?.ToString();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chained {Count} audit entries written before the hash chain.")]
    private static partial void LogChained(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The users search index no longer matched the users table (a VACUUM renumbers rows); it was rebuilt.")]
    private static partial void LogSearchRebuilt(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {DataSource} is migrated and in WAL mode.")]
    private static partial void LogWal(ILogger logger, string dataSource);
}
