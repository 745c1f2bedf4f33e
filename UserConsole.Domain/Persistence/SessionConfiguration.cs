using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("Sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ClientAddress).HasMaxLength(UserSession.ClientAddressLength);
        builder.Property(s => s.Browser).HasMaxLength(UserSession.DescriptionLength).IsRequired();
        builder.Property(s => s.OperatingSystem).HasMaxLength(UserSession.DescriptionLength).IsRequired();
        builder.Property(s => s.SecondFactor).HasMaxLength(UserSession.ReasonLength).IsRequired();
        builder.Property(s => s.ReauthenticatedWith).HasMaxLength(UserSession.ReasonLength);
        builder.Property(s => s.EndReason).HasMaxLength(UserSession.ReasonLength);
        builder.Ignore(s => s.IsEnded);

        // A deleted user's sessions go with the account.
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}
