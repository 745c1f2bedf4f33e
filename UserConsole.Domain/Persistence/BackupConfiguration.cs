using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Backup;

namespace UserConsole.Domain.Persistence;

/// <summary>Names of servers, storages and schedules are unique regardless of case. The unique indexes on Name are
/// created with <c>COLLATE NOCASE</c> by the Issue7_BackupPages migration (EF Core has no index-column collation, so
/// the model declares a plain unique index of the same name), and the services compare names with
/// <c>EF.Functions.Collate(Name, NOCASE) == name</c>, which that index serves.</summary>
internal static class BackupNames
{
    public const string CaseInsensitive = "NOCASE";

    /// <summary>The table and the columns every <see cref="InventoryItem"/> has: a required unique name of at most
    /// 100 characters and the concurrency stamp.</summary>
    public static void ConfigureInventoryItem<T>(this EntityTypeBuilder<T> builder, string table)
        where T : InventoryItem
    {
        builder.ToTable(table);
        builder.Property(i => i.Name).HasMaxLength(100).IsRequired();
        builder.HasIndex(i => i.Name).IsUnique();
        builder.Property(i => i.ConcurrencyStamp).IsConcurrencyToken().HasMaxLength(64);
    }
}

internal sealed class ProductionServerConfiguration : IEntityTypeConfiguration<ProductionServer>
{
    public void Configure(EntityTypeBuilder<ProductionServer> builder)
    {
        builder.ConfigureInventoryItem("ProductionServers");
        builder.Property(s => s.Host).HasMaxLength(253).IsRequired();
        builder.Property(s => s.OperatingSystem).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Status).HasConversion<int>();
    }
}

internal sealed class StorageServerConfiguration : IEntityTypeConfiguration<StorageServer>
{
    public void Configure(EntityTypeBuilder<StorageServer> builder)
    {
        builder.ConfigureInventoryItem("StorageServers");
        builder.Property(s => s.Kind).HasConversion<int>();
    }
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> builder)
    {
        builder.ConfigureInventoryItem("Schedules");
        builder.Property(s => s.CronExpression).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Type).HasConversion<int>();
        builder.Property(s => s.State).HasConversion<int>();
        builder.Property(s => s.LastStatus).HasConversion<int?>();
        builder.HasOne(s => s.ProductionServer).WithMany().HasForeignKey(s => s.ProductionServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.StorageServer).WithMany().HasForeignKey(s => s.StorageServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ProductionServerId, s.StorageServerId });
        builder.HasIndex(s => s.StorageServerId);
    }
}

internal sealed class BackupPointConfiguration : IEntityTypeConfiguration<BackupPoint>
{
    public void Configure(EntityTypeBuilder<BackupPoint> builder)
    {
        builder.ToTable("BackupPoints");
        builder.Property(p => p.Type).HasConversion<int>();
        builder.HasOne(p => p.Schedule).WithMany().HasForeignKey(p => p.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ScheduleId, p.CreatedAt });
    }
}

/// <summary>The daily outcome rollup. Its table is created by hand in the Issue17_SearchAndRollups migration (a
/// WITHOUT ROWID table keyed by day, status and schedule, kept by triggers on JobLogs); the model maps the same
/// columns and keys so that queries compose over it.</summary>
internal sealed class JobOutcomeDayConfiguration : IEntityTypeConfiguration<JobOutcomeDay>
{
    public void Configure(EntityTypeBuilder<JobOutcomeDay> builder)
    {
        builder.ToTable("JobOutcomeDays");
        builder.HasKey(d => new { d.Day, d.Status, d.ScheduleId });
        builder.Property(d => d.Day).HasMaxLength(10);
        builder.Property(d => d.Status).HasConversion<int>();
        builder.HasOne<Schedule>().WithMany().HasForeignKey(d => d.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.ScheduleId, d.Day });
    }
}

internal sealed class JobLogConfiguration : IEntityTypeConfiguration<JobLog>
{
    public void Configure(EntityTypeBuilder<JobLog> builder)
    {
        builder.ToTable("JobLogs");
        builder.Property(j => j.Status).HasConversion<int>();
        builder.Property(j => j.Lines).IsRequired();
        builder.Ignore(j => j.MessageLines);
        builder.Ignore(j => j.IsRunning);
        builder.HasOne(j => j.Schedule).WithMany().HasForeignKey(j => j.ScheduleId).OnDelete(DeleteBehavior.Cascade);

        // The Logs page and the Monitor chart read newest first, by scope (schedule ids), status and time; the
        // benchmark (UserConsole.Benchmarks) shows each of these indexes at work. Status is the last column where a
        // query only counts it (index-only chart), the middle one where a query filters on it.
        builder.HasIndex(j => new { j.ScheduleId, j.StartedAt, j.Status });
        builder.HasIndex(j => new { j.ScheduleId, j.Status, j.StartedAt });
        builder.HasIndex(j => new { j.StartedAt, j.Status });
        builder.HasIndex(j => new { j.Status, j.StartedAt });
    }
}
