using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

internal static class DataServices
{
    /// <summary>Where the data lives (the SQLite file owner-only), the domain over it, the Data Protection keys
    /// beside the database (owner-only, optionally encrypted with a certificate) and the database health check.</summary>
    internal static WebApplicationBuilder AddUserConsoleData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var data = DataLocation.Resolve(builder.Configuration, builder.Environment);
        services.AddSingleton(data);
        if (data.Database.Provider == DatabaseProvider.Sqlite)
        {
            DataProtectionSetup.ProtectDatabaseFile(data.ConnectionString);
        }

        services.AddUserConsoleDomain(data.Database);
        DataProtectionSetup.Add(services, builder.Configuration, data);
        services.AddHealthChecks().AddDbContextCheck<UserConsoleDbContext>("database").AddCheck<DatabaseWritableCheck>("database-writable");
        return builder;
    }
}
