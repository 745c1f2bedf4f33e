using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations (ASVS 5.0 asks for at least 210,000).</summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>Registers the DbContext factory over a SQLite database, the domain services and the validators.</summary>
    public static IServiceCollection AddUserConsoleDomain(this IServiceCollection services, string connectionString) =>
        services.AddUserConsoleDomain(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString));

    /// <summary>Registers the DbContext factory for the configured provider, the domain services and the validators.</summary>
    public static IServiceCollection AddUserConsoleDomain(this IServiceCollection services, DatabaseSettings database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(database.ConnectionString);

        services.AddSingleton(database);
        services.AddSingleton<AuditEventLog>();
        DatabaseRegistration.Add(services, database);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChangePublisher, NoChangePublisher>();
        services.TryAddSingleton<ILookupNormalizer, UpperInvariantLookupNormalizer>();
        services.TryAddScoped<IPasswordHasher<User>, PasswordHasher<User>>();
        services.Configure<PasswordHasherOptions>(o =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = PasswordHashIterations;
        });
        services.AddValidatorsFromAssemblyContaining<DatabaseInitializer>(ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<Installation>();
        services.AddScoped<AccountService>();
        services.AddScoped<ProfileService>();
        services.AddScoped<TwoFactorService>();
        services.AddScoped<SecondFactorService>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<RoleAdministration>();
        services.AddSingleton<Operations.OperationFactory>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditIntegrity>();
        services.AddScoped<AuditRetention>();
        services.AddScoped<AuditExport>();
        services.AddOptions<AuditOptions>();
        services.TryAddSingleton(SessionLimits.Default);
        services.TryAddSingleton(new SecurityPolicyDefaults(SecurityPolicy.Default));
        services.AddSingleton<Settings.SecurityPolicyStore>();
        services.TryAddSingleton<ISecurityPolicySource>(sp => sp.GetRequiredService<Settings.SecurityPolicyStore>());
        services.AddSingleton<SessionActivity>();
        services.AddScoped<SessionService>();
        services.AddScoped<IdentityConfirmation>();
        services.AddScoped<AccessExplorer>();
        services.AddScoped<AccessReview>();
        services.AddOptions<AccessReviewOptions>();
        services.AddBackup();
        services.AddOptions<MailOptions>();
        services.AddSingleton<MailSettingsStore>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<SecurityNotifications>();
        services.AddSingleton<BackupNotifications>();
        services.AddSingleton<RunningTimeAlertCheck>();
        services.AddScoped<Settings.SettingsService>();
        return services;
    }
}
