using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

/// <summary>How the Data Protection keys (they sign the session cookies and encrypt the TOTP secrets) are kept: in
/// the database (table DataProtectionKeys, EF Core's <c>PersistKeysToDbContext</c>), so every instance sharing the
/// database reads the same key ring and a cookie from one instance is good on another; encrypted with a certificate
/// when DataProtection:CertificatePath is set. Keys an older version kept in the data folder's <c>keys/</c> are
/// imported into the database at start-up (<see cref="ImportFolderKeysAsync"/>). Start-up logs which protection is
/// in force.</summary>
public sealed partial class DataProtectionSetup(string keysFolder, string? certificateThumbprint)
{
    /// <summary>Where an older version kept the keys (read once, to import them).</summary>
    public string KeysFolder { get; } = keysFolder;

    /// <summary>The certificate that encrypts the keys; null when only file permissions protect them.</summary>
    public string? CertificateThumbprint { get; } = certificateThumbprint;

    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Registers Data Protection over the database's key ring, with the certificate if one is configured.</summary>
    public static DataProtectionSetup Add(IServiceCollection services, IConfiguration configuration, DataLocation data)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(data);
        var keys = Path.Combine(data.Folder, "keys");
        if (Directory.Exists(keys))
        {
            foreach (var file in Directory.EnumerateFiles(keys))
            {
                ProtectFile(file);
            }
        }

        var builder = services.AddDataProtection().SetApplicationName("UserConsole").PersistKeysToDbContext<UserConsoleDbContext>();

        string? thumbprint = null;
        if (configuration[CertificatePathKey] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordKey]);
            builder.ProtectKeysWithCertificate(certificate);
            thumbprint = certificate.Thumbprint;
        }

        var setup = new DataProtectionSetup(keys, thumbprint);
        services.AddSingleton(setup);
        return setup;
    }

    /// <summary>The SQLite file is created owner-only before anything opens it (SQLite gives its -wal and -shm files
    /// the database file's mode), and an existing one is made owner-only.</summary>
    public static void ProtectDatabaseFile(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.GetFullPath(source);
        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
        {
            CreateOwnerOnlyFolder(folder);
        }

        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            ProtectFile(file);
        }
    }

    /// <summary>Imports the key files of the older <c>keys/</c> folder into the database (once: a key already there
    /// is skipped), so cookies and protected secrets made with them stay readable; returns how many were imported.
    /// The folder is left in place (remove it once every instance runs this version).</summary>
    public async Task<int> ImportFolderKeysAsync(IDbContextFactory<UserConsoleDbContext> contexts, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        if (!Directory.Exists(KeysFolder))
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(KeysFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (known.Contains(name))
            {
                continue;
            }

            var element = XElement.Load(file);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = element.ToString(SaveOptions.DisableFormatting) });
            imported++;
        }

        if (imported > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            LogImported(logger, imported, KeysFolder);
        }

        return imported;
    }

    /// <summary>Says at start-up how the keys are protected; in Production without a certificate, warns.</summary>
    public void Log(ILogger logger, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (CertificateThumbprint is { } thumbprint)
        {
            LogProtectedWithCertificate(logger, thumbprint);
        }
        else if (environment.IsProduction())
        {
            LogUnencryptedInProduction(logger, CertificatePathKey);
        }
        else
        {
            LogUnencrypted(logger);
        }
    }

    private static void CreateOwnerOnlyFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolder);
        File.SetUnixFileMode(path, OwnerOnlyFolder);
    }

    private static void ProtectFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnlyFile);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in the database (table DataProtectionKeys), encrypted with the certificate {Thumbprint}.")]
    private static partial void LogProtectedWithCertificate(ILogger logger, string thumbprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in the database (table DataProtectionKeys), protected only by the database's access rights; not encrypted at rest.")]
    private static partial void LogUnencrypted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys in the database are not encrypted at rest: only the database's access rights protect them. Set {Setting} (and its password) to encrypt them with a certificate.")]
    private static partial void LogUnencryptedInProduction(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} Data Protection keys from {Folder} into the database; the folder is no longer read and may be removed once backed up.")]
    private static partial void LogImported(ILogger logger, int count, string folder);
}
