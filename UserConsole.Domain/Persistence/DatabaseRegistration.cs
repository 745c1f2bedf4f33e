using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace UserConsole.Domain.Persistence;

/// <summary>Registers the DbContext factory for the configured provider. The rest of the app asks for
/// <see cref="IDbContextFactory{UserConsoleDbContext}"/> (and Identity for a scoped <see cref="UserConsoleDbContext"/>)
/// whatever the provider; on PostgreSQL both hand out a <see cref="PostgresUserConsoleDbContext"/>.</summary>
internal static class DatabaseRegistration
{
    public static void Add(IServiceCollection services, DatabaseSettings database)
    {
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            var writeLock = new PostgresWriteLock(database.BusyTimeoutSeconds);
            services.AddDbContextFactory<PostgresUserConsoleDbContext>((sp, options) =>
                PostgresOptions(options, database.ConnectionString).AddInterceptors(sp.GetRequiredService<AuditEventLog>(), writeLock));
            services.AddSingleton<IDbContextFactory<UserConsoleDbContext>>(sp => new AsBase(sp.GetRequiredService<IDbContextFactory<PostgresUserConsoleDbContext>>()));
            services.AddScoped<UserConsoleDbContext>(sp => sp.GetRequiredService<PostgresUserConsoleDbContext>());
            return;
        }

        services.AddDbContextFactory<UserConsoleDbContext>((sp, options) =>
            options.UseSqlite(database.ConnectionString).AddInterceptors(sp.GetRequiredService<AuditEventLog>()));
    }

    /// <summary>Npgsql with the PostgreSQL migrations and without the server's JIT (<see cref="DatabaseSettings.ConnectionString"/>);
    /// a dropped connection is retried by reconnecting, not by replaying a half-done operation (the operations manage
    /// their own transactions, so no retrying strategy).</summary>
    public static TBuilder PostgresOptions<TBuilder>(TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(DatabaseSettings.WithoutJit(connectionString), npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory"));
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new PostgresLikeTranslation());
        return options;
    }

    private sealed class AsBase(IDbContextFactory<PostgresUserConsoleDbContext> inner) : IDbContextFactory<UserConsoleDbContext>
    {
        public UserConsoleDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<UserConsoleDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
