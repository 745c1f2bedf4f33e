using System.Globalization;
using System.Text;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using UserConsole.Domain.Persistence;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Dumps a SQLite or PostgreSQL database (every table, every row, every column, in primary-key order) to text, so that
/// "the database is unchanged" is an exact comparison rather than a spot check.</summary>
public static class DatabaseSnapshot
{
    public static Task<string> TakeAsync(string databasePath, IReadOnlyCollection<string> exceptTables) =>
        TakeAsync(new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", exceptTables);

    public static Task<string> TakeAsync(DatabaseSettings database, IReadOnlyCollection<string> exceptTables)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Provider == DatabaseProvider.PostgreSQL
            ? TakeAsync(new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()),
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"", exceptTables)
            : TakeAsync(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource, exceptTables);
    }

    private static async Task<string> TakeAsync(DbConnection connection, string listTables, IReadOnlyCollection<string> exceptTables)
    {
        ArgumentNullException.ThrowIfNull(exceptTables);
        await using var _ = connection;
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
#pragma warning disable CA2100 // Constant SQL.
            list.CommandText = listTables;
#pragma warning restore CA2100
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables.Where(t => !exceptTables.Contains(t)))
        {
            text.Append("## ").AppendLine(table);
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Table names come from the catalog, not from input.
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetName(i)).Append('=')
                        .Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))
                        .Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
