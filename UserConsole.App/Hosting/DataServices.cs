using Microsoft.AspNetCore.DataProtection;
using UserConsole.Domain;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

public static class DataServices
{
    /// <summary>Where the data lives, the domain over it, the Data Protection keys beside the database and the
    /// database health check.</summary>
    public static WebApplicationBuilder AddUserConsoleData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var data = DataLocation.Resolve(builder.Configuration, builder.Environment);
        services.AddSingleton(data);
        services.AddUserConsoleDomain(data.ConnectionString);
        services.AddDataProtection()
            .SetApplicationName("UserConsole")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data.Folder, "keys")));
        services.AddHealthChecks().AddDbContextCheck<UserConsoleDbContext>("database").AddCheck<DatabaseWritableCheck>("database-writable");
        return builder;
    }
}
