using UserConsole.Domain.Backup;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

/// <summary>The UserConsole model on PostgreSQL, with its own migrations (<c>Persistence/PostgreSql/Migrations</c>,
/// EF Core's "multiple providers, one context type per provider"). What differs from SQLite is declared here so that
/// every query means the same on both: text compares and sorts byte-wise (collation "C", as SQLite's BINARY), the
/// case-insensitive unique names use a "NOCASE" collation (ICU, case-insensitive, like SQLite's NOCASE), boolean
/// index filters, and <see cref="BackupSql.Day"/> as the function <c>uc_utc_day</c>. The hand-written parts (search
/// index, rollup and audit triggers) are in <see cref="PostgresSql"/>.</summary>
public sealed class PostgresUserConsoleDbContext(DbContextOptions<PostgresUserConsoleDbContext> options) : UserConsoleDbContext(options)
{
    /// <summary>The case-insensitive collation the services name in <c>EF.Functions.Collate</c>.</summary>
    public const string NoCase = BackupNames.CaseInsensitive;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<string>().UseCollation("C");
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.HasCollation(NoCase, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        builder.Entity<ProductionServer>().HasIndex(s => s.Name).IsUnique().UseCollation(NoCase);
        builder.Entity<StorageServer>().HasIndex(s => s.Name).IsUnique().UseCollation(NoCase);
        builder.Entity<Schedule>().HasIndex(s => s.Name).IsUnique().UseCollation(NoCase);
        builder.Entity<Role>().HasIndex(r => r.IsFirstAdminRole).IsUnique().HasFilter("\"IsFirstAdminRole\"");
        builder.Entity<User>().HasIndex(u => u.IsFirstAdmin).IsUnique().HasFilter("\"IsFirstAdmin\"");
        builder.HasDbFunction(typeof(BackupSql).GetMethod(nameof(BackupSql.Day))!).HasName(PostgresSql.UtcDayFunction).IsBuiltIn();
    }
}
