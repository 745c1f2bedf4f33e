using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

/// <summary>Identity's passkey table (named like the other Identity tables here, UserPasskeys; mapped as Identity's schema version 3 maps it: the credential id as
/// key, the rest as one JSON column) plus <see cref="UserPasskey.LastUsedAt"/>. Mapped here rather than by setting
/// <c>IdentityOptions.Stores.SchemaVersion</c>, because Identity reads that option from the application's services:
/// the design-time factory and the tests build the context without them, and the model must be the same everywhere.</summary>
internal sealed class PasskeyConfiguration : IEntityTypeConfiguration<UserPasskey>
{
    public void Configure(EntityTypeBuilder<UserPasskey> builder)
    {
        builder.ToTable("UserPasskeys");
        builder.HasKey(p => p.CredentialId);
        builder.Property(p => p.CredentialId).HasMaxLength(1024);
        builder.OwnsOne(p => p.Data).ToJson();
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId);
    }
}
