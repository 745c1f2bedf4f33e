using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UserConsole.Domain.Persistence;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        // The triggers (migration Issue19_AuditTrail) refuse UPDATE, DELETE outside retention, and unchained INSERTs;
        // declared so that EF Core does not rely on RETURNING for this table.
        builder.ToTable("AuditEntries", t =>
        {
            t.HasTrigger("AuditEntries_AppendOnlyUpdate");
            t.HasTrigger("AuditEntries_AppendOnlyDelete");
            t.HasTrigger("AuditEntries_ChainedInsert");
        });
        builder.Property(a => a.ActorUserName).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ActorFullName).HasMaxLength(100);
        builder.Property(a => a.ActorCompany).HasMaxLength(100);
        builder.Property(a => a.Action).HasMaxLength(64).IsRequired();
        builder.Property(a => a.TargetType).HasMaxLength(32).IsRequired();
        builder.Property(a => a.TargetId).HasMaxLength(64);
        builder.Property(a => a.TargetName).HasMaxLength(254);
        builder.Property(a => a.ErrorCode).HasMaxLength(64);
        builder.Property(a => a.Outcome).HasConversion<int>();
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => a.At);
    }
}

internal sealed class AuditCheckConfiguration : IEntityTypeConfiguration<AuditCheck>
{
    public void Configure(EntityTypeBuilder<AuditCheck> builder)
    {
        builder.ToTable("AuditChecks");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Message).HasMaxLength(500).IsRequired();
    }
}
