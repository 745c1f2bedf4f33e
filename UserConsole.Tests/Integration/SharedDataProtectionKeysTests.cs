using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using UserConsole.App.Hosting;
using UserConsole.Domain;
using UserConsole.Domain.Persistence;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The Data Protection keys live in the database, so two instances over one database (SQLite or PostgreSQL,
/// whichever the run uses) read each other's cookies and protected secrets, and keys of the older keys/ folder are
/// imported so that what they protected stays readable.</summary>
public sealed class SharedDataProtectionKeysTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "uc-keys", Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _instances = [];
    private DatabaseSettings _database = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _database = TestProvider.IsPostgres
            ? new DatabaseSettings(DatabaseProvider.PostgreSQL, await TestPostgres.Shared.CreateDatabaseAsync())
            : new DatabaseSettings(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "userconsole.db"), Pooling = false }.ToString());
    }

    [Fact]
    public async Task PayloadProtectedByOneInstance_IsReadByAnotherOverTheSameDatabase()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();

        var cookie = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed-in");

        b.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie).ShouldBe("signed-in");
        await using var db = await b.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();
        (await db.DataProtectionKeys.CountAsync()).ShouldBe(1, "one key ring, in the database");
    }

    [Fact]
    public async Task KeysOfTheOlderFolder_AreImportedOnce_AndWhatTheyProtectedStaysReadable()
    {
        var keys = Path.Combine(_folder, "keys");
        var old = DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("UserConsole"));
        var secret = old.CreateProtector("totp").Protect("JBSWY3DPEHPK3PXP");

        var instance = await StartInstanceAsync();
        var setup = instance.GetRequiredService<DataProtectionSetup>();
        var contexts = instance.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();
        (await setup.ImportFolderKeysAsync(contexts, NullLogger.Instance)).ShouldBe(1);
        (await setup.ImportFolderKeysAsync(contexts, NullLogger.Instance)).ShouldBe(0, "a key already imported is skipped");

        var restarted = await StartInstanceAsync();
        restarted.GetRequiredService<IDataProtectionProvider>().CreateProtector("totp").Unprotect(secret).ShouldBe("JBSWY3DPEHPK3PXP");
    }

    private async Task<ServiceProvider> StartInstanceAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddUserConsoleDomain(_database);
        DataProtectionSetup.Add(services, new ConfigurationBuilder().Build(), new DataLocation(_folder, _database));
        var provider = services.BuildServiceProvider();
        _instances.Add(provider);
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
