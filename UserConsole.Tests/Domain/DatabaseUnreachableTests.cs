using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UserConsole.Domain.Access;
using UserConsole.Domain.Operations;
using UserConsole.Domain.Persistence;

namespace UserConsole.Tests.Domain;

/// <summary>A PostgreSQL server that cannot be reached (stopped, restarting) is a refusal a page can show, not an
/// exception that would end the page's circuit; any other failure stays an exception.</summary>
public sealed class DatabaseUnreachableTests
{
    [Fact]
    public async Task ReadAsync_WhenTheServerRefusesConnections_ReturnsTheUnreachableRefusal()
    {
        var contexts = new Factory(NowhereConnectionString());

        var result = await contexts.ReadAsync(new ActingUser(Guid.NewGuid()), Permissions.ViewUsersPage, (_, _) => Task.FromResult(1), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe(DatabaseErrors.Unreachable);
    }

    [Fact]
    public void UnreachableRefusal_OfAServerShuttingDown_IsUnreachable_OfAnyOtherServerError_IsNull()
    {
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown);
        var syntax = new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError);

        DatabaseErrors.UnreachableRefusal(new InvalidOperationException("transient", shutdown)).ShouldBe(DatabaseErrors.Unreachable);
        DatabaseErrors.UnreachableRefusal(syntax).ShouldBeNull();
        DatabaseErrors.UnreachableRefusal(new InvalidOperationException("a bug")).ShouldBeNull();
    }

    // A loopback port nothing listens on: the connection is refused at once.
    private static string NowhereConnectionString()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "nobody", Database = "nowhere", Timeout = 5 }.ToString();
    }

    private sealed class Factory(string connectionString) : IDbContextFactory<UserConsoleDbContext>
    {
        public UserConsoleDbContext CreateDbContext() =>
            new PostgresUserConsoleDbContext(new DbContextOptionsBuilder<PostgresUserConsoleDbContext>().UseNpgsql(connectionString).Options);
    }
}
