using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Dumps a SQLite database (every table, every row, every column, in primary-key order) to text, so that
/// "the database is unchanged" is an exact comparison rather than a spot check.</summary>
public static class DatabaseSnapshot
{
    public static async Task<string> TakeAsync(string databasePath, IReadOnlyCollection<string> exceptTables)
    {
        ArgumentNullException.ThrowIfNull(exceptTables);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
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
#pragma warning disable CA2100 // Table names come from sqlite_master, not from input.
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
