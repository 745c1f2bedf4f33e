using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

/// <summary>The one database of UserConsole: Identity's user store plus roles, scopes, audit and backup data. This type
/// is the SQLite context (its migrations are in <c>Persistence/Migrations</c>); <see cref="PostgresUserConsoleDbContext"/>
/// is the same model on PostgreSQL with its own migrations. On SQLite EF Core finds and uses the compiled model in
/// <c>Persistence/CompiledModels/Sqlite</c> (regenerated with each model change, see the README).</summary>
public class UserConsoleDbContext
    : IdentityUserContext<User, Guid, IdentityUserClaim<Guid>, IdentityUserLogin<Guid>, IdentityUserToken<Guid>, UserPasskey>, IDataProtectionKeyContext
{
    public UserConsoleDbContext(DbContextOptions<UserConsoleDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass with options of its own type.</summary>
    protected UserConsoleDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance over this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();

    public DbSet<UserProductionServer> UserProductionServers => Set<UserProductionServer>();

    public DbSet<UserStorageServer> UserStorageServers => Set<UserStorageServer>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditCheck> AuditChecks => Set<AuditCheck>();

    /// <summary>Audit entries saved in the open transaction, logged by <see cref="AuditEventLog"/> once it commits.</summary>
    internal List<AuditEntry> UncommittedAuditEntries { get; } = [];

    public DbSet<ProductionServer> ProductionServers => Set<ProductionServer>();

    public DbSet<StorageServer> StorageServers => Set<StorageServer>();

    public DbSet<Schedule> Schedules => Set<Schedule>();

    public DbSet<BackupPoint> BackupPoints => Set<BackupPoint>();

    public DbSet<JobLog> JobLogs => Set<JobLog>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    /// <summary>Finished jobs per UTC day, schedule and status, kept by the database in step with JobLogs.</summary>
    public DbSet<JobOutcomeDay> JobOutcomeDays => Set<JobOutcomeDay>();

    /// <summary>Mails to send, written in the transaction of their cause (see <see cref="OutboxSender"/>).</summary>
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<MailSettings> MailSettings => Set<MailSettings>();

    /// <summary>The Security policy saved on the Settings page (one row, none until the first save).</summary>
    public DbSet<Settings.SecuritySettings> SecuritySettings => Set<Settings.SecuritySettings>();

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

    /// <summary>Chains added audit entries (<see cref="AuditChain"/>): takes the database's write lock first
    /// (BEGIN IMMEDIATE on SQLite, <see cref="PostgresWriteLock"/> on PostgreSQL; one writer at a time across
    /// connections and processes), then reads the chain's
    /// last entry, seals the new ones after it and saves, all in one transaction.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var added = AddedAuditEntries();
        if (added.Count == 0)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var tail = AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefault();
        AuditChain.Seal(this, added, tail?.Id, tail?.Hash);
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        UncommittedAuditEntries.AddRange(added);
        if (own is not null)
        {
            try
            {
                own.Commit();
            }
            catch
            {
                UncommittedAuditEntries.Clear();
                throw;
            }
        }

        return saved;
    }

    /// <inheritdoc cref="SaveChanges(bool)"/>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var added = AddedAuditEntries();
        if (added.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var tail = await AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        AuditChain.Seal(this, added, tail?.Id, tail?.Hash);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        UncommittedAuditEntries.AddRange(added);
        if (own is not null)
        {
            try
            {
                await own.CommitAsync(cancellationToken);
            }
            catch
            {
                UncommittedAuditEntries.Clear();
                throw;
            }
        }

        return saved;
    }

    private List<AuditEntry> AddedAuditEntries() =>
        ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
