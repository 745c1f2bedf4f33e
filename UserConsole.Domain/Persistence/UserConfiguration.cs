using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.Property(u => u.UserName).HasMaxLength(32).IsRequired();
        builder.Property(u => u.NormalizedUserName).HasMaxLength(32).IsRequired();
        builder.Property(u => u.Email).HasMaxLength(254).IsRequired();
        builder.Property(u => u.NormalizedEmail).HasMaxLength(254).IsRequired();
        builder.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();
        builder.Property(u => u.FullName).HasMaxLength(100);
        builder.Property(u => u.Company).HasMaxLength(100);
        builder.Property(u => u.ProtectedTotpSecret).HasMaxLength(1000);
        builder.Property(u => u.ProductionServerScope).HasConversion<int>();
        builder.Property(u => u.StorageServerScope).HasConversion<int>();

        builder.HasOne(u => u.Role).WithMany().HasForeignKey(u => u.RoleId).IsRequired().OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.RoleId);
        builder.HasIndex(u => u.IsFirstAdmin).IsUnique().HasFilter("\"IsFirstAdmin\" = 1");

        builder.HasMany(u => u.ProductionServers).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(u => u.StorageServers).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);

        builder.OwnsOne(u => u.Notifications, n =>
        {
            n.Property(p => p.BackupStarting).HasColumnName("NotifyBackupStarting");
            n.Property(p => p.BackupStopped).HasColumnName("NotifyBackupStopped");
            n.Property(p => p.BackupCompleted).HasColumnName("NotifyBackupCompleted");
            n.Property(p => p.BackupWarnings).HasColumnName("NotifyBackupWarnings");
            n.Property(p => p.BackupErrors).HasColumnName("NotifyBackupErrors");
            n.Property(p => p.ConnectionErrors).HasColumnName("NotifyConnectionErrors");
            n.Property(p => p.RunningTimeAlerts).HasColumnName("NotifyRunningTimeAlerts").HasConversion<int>();
        });
        builder.Navigation(u => u.Notifications).IsRequired();
    }
}

internal sealed class UserProductionServerConfiguration : IEntityTypeConfiguration<UserProductionServer>
{
    public void Configure(EntityTypeBuilder<UserProductionServer> builder)
    {
        builder.ToTable("UserProductionServers");
        builder.HasKey(s => new { s.UserId, s.ProductionServerId });
        builder.HasOne(s => s.ProductionServer).WithMany().HasForeignKey(s => s.ProductionServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ProductionServerId);
    }
}

internal sealed class UserStorageServerConfiguration : IEntityTypeConfiguration<UserStorageServer>
{
    public void Configure(EntityTypeBuilder<UserStorageServer> builder)
    {
        builder.ToTable("UserStorageServers");
        builder.HasKey(s => new { s.UserId, s.StorageServerId });
        builder.HasOne(s => s.StorageServer).WithMany().HasForeignKey(s => s.StorageServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StorageServerId);
    }
}

internal sealed class IdentityTablesConfiguration :
    IEntityTypeConfiguration<IdentityUserClaim<Guid>>,
    IEntityTypeConfiguration<IdentityUserLogin<Guid>>,
    IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder) => builder.ToTable("UserClaims");

    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder) => builder.ToTable("UserLogins");

    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder) => builder.ToTable("UserTokens");
}
