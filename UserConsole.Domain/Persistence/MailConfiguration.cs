using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UserConsole.Domain.Mail;

namespace UserConsole.Domain.Persistence;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Kind).HasMaxLength(OutboxMessage.KindLength).IsRequired();
        builder.Property(m => m.ToAddress).HasMaxLength(OutboxMessage.AddressLength).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(OutboxMessage.NameLength);
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectLength).IsRequired();
        builder.Property(m => m.Body).IsRequired();
        builder.Property(m => m.DedupKey).HasMaxLength(OutboxMessage.KeyLength);
        builder.Property(m => m.MessageId).HasMaxLength(OutboxMessage.KeyLength).IsRequired();
        builder.Property(m => m.LastReply).HasMaxLength(OutboxMessage.ErrorLength);

        // The sender's query: due rows by status and time; a mail that exists once per event.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => m.DedupKey).IsUnique();
        builder.HasIndex(m => m.ClaimToken);
    }
}

internal sealed class MailSettingsConfiguration : IEntityTypeConfiguration<MailSettings>
{
    public void Configure(EntityTypeBuilder<MailSettings> builder)
    {
        builder.ToTable("MailSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Host).HasMaxLength(MailSettings.HostLength).IsRequired();
        builder.Property(s => s.UserName).HasMaxLength(MailSettings.UserNameLength);
        builder.Property(s => s.FromAddress).HasMaxLength(OutboxMessage.AddressLength).IsRequired();
        builder.Property(s => s.FromName).HasMaxLength(OutboxMessage.NameLength);
        builder.Property(s => s.PublicUrl).HasMaxLength(MailSettings.UrlLength);
        builder.Property(s => s.ConcurrencyStamp).HasMaxLength(36).IsConcurrencyToken();
    }
}

internal sealed class SecuritySettingsConfiguration : IEntityTypeConfiguration<Settings.SecuritySettings>
{
    public void Configure(EntityTypeBuilder<Settings.SecuritySettings> builder)
    {
        builder.ToTable("SecuritySettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.ConcurrencyStamp).HasMaxLength(36).IsConcurrencyToken();
    }
}
