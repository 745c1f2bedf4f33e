using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

/// <summary>The one database of UserConsole: Identity's user store plus roles, scopes, audit and backup data.</summary>
public class UserConsoleDbContext(DbContextOptions<UserConsoleDbContext> options)
    : IdentityUserContext<User, Guid>(options)
{
    public DbSet<Role> Roles => Set<Role>();

    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();

    public DbSet<UserProductionServer> UserProductionServers => Set<UserProductionServer>();

    public DbSet<UserStorageServer> UserStorageServers => Set<UserStorageServer>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ProductionServer> ProductionServers => Set<ProductionServer>();

    public DbSet<StorageServer> StorageServers => Set<StorageServer>();

    public DbSet<Schedule> Schedules => Set<Schedule>();

    public DbSet<BackupPoint> BackupPoints => Set<BackupPoint>();

    public DbSet<JobLog> JobLogs => Set<JobLog>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);

        // Every DateTime is UTC; SQLite returns Kind=Unspecified, so mark it on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(UserConsoleDbContext).Assembly);
        BackupSql.Register(builder);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
