using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Audit;

namespace UserConsole.Domain.Persistence;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.ActorUserName).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ActorFullName).HasMaxLength(100);
        builder.Property(a => a.ActorCompany).HasMaxLength(100);
        builder.Property(a => a.Action).HasMaxLength(64).IsRequired();
        builder.Property(a => a.TargetType).HasMaxLength(32).IsRequired();
        builder.Property(a => a.TargetId).HasMaxLength(64);
        builder.Property(a => a.TargetName).HasMaxLength(254);
        builder.Property(a => a.ErrorCode).HasMaxLength(64);
        builder.Property(a => a.Outcome).HasConversion<int>();
        builder.HasIndex(a => a.At);
    }
}
