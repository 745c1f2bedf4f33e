using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Persistence;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.ToTable("Roles");
        builder.Property(r => r.Name).HasMaxLength(50).IsRequired();
        builder.Property(r => r.NormalizedName).HasMaxLength(50).IsRequired();
        builder.HasIndex(r => r.NormalizedName).IsUnique();
        builder.Property(r => r.Description).HasMaxLength(500);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken().HasMaxLength(64);
        builder.HasIndex(r => r.IsFirstAdminRole).IsUnique().HasFilter("\"IsFirstAdminRole\" = 1");
        builder.Ignore(r => r.PermissionKeys);
        builder.HasMany(r => r.Permissions).WithOne().HasForeignKey(p => p.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RolePermissionConfiguration : IEntityTypeConfiguration<RolePermission>
{
    public void Configure(EntityTypeBuilder<RolePermission> builder)
    {
        builder.ToTable("RolePermissions");
        builder.HasKey(p => new { p.RoleId, p.Key });
        builder.Property(p => p.Key).HasMaxLength(64);
    }
}
