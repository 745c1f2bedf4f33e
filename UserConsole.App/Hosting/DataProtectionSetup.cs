using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;

namespace UserConsole.App.Hosting;

/// <summary>How the Data Protection keys (they sign the session cookies and encrypt the TOTP secrets) are kept:
/// in an owner-only folder beside the database (0700, key files 0600), and encrypted with a certificate when
/// DataProtection:CertificatePath is set. Start-up logs which protection is in force.</summary>
public sealed partial class DataProtectionSetup(string keysFolder, string? certificateThumbprint)
{
    public string KeysFolder { get; } = keysFolder;

    /// <summary>The certificate that encrypts the keys; null when only file permissions protect them.</summary>
    public string? CertificateThumbprint { get; } = certificateThumbprint;

    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Registers Data Protection over the keys folder (created owner-only), with the certificate if one is
    /// configured.</summary>
    public static DataProtectionSetup Add(IServiceCollection services, IConfiguration configuration, DataLocation data)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(data);
        CreateOwnerOnlyFolder(data.Folder);
        var keys = Path.Combine(data.Folder, "keys");
        CreateOwnerOnlyFolder(keys);
        foreach (var file in Directory.EnumerateFiles(keys))
        {
            ProtectFile(file);
        }

        var builder = services.AddDataProtection().SetApplicationName("UserConsole");
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((options, loggers) =>
            options.XmlRepository = new OwnerOnlyXmlRepository(new DirectoryInfo(keys), loggers));

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

    /// <summary>Says at start-up how the keys are protected; in Production without a certificate, warns.</summary>
    public void Log(ILogger logger, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (CertificateThumbprint is { } thumbprint)
        {
            LogProtectedWithCertificate(logger, KeysFolder, thumbprint);
        }
        else if (environment.IsProduction())
        {
            LogUnencryptedInProduction(logger, KeysFolder, CertificatePathKey);
        }
        else
        {
            LogUnencrypted(logger, KeysFolder);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in {Folder} (owner-only), encrypted with the certificate {Thumbprint}.")]
    private static partial void LogProtectedWithCertificate(ILogger logger, string folder, string thumbprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in {Folder}, protected by file permissions only (owner-only); not encrypted at rest.")]
    private static partial void LogUnencrypted(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys in {Folder} are not encrypted at rest: only file permissions protect them. Set {Setting} (and its password) to encrypt them with a certificate.")]
    private static partial void LogUnencryptedInProduction(ILogger logger, string folder, string setting);

    /// <summary>Identity's file repository, with every key file it writes made owner-only (0600).</summary>
    private sealed class OwnerOnlyXmlRepository(DirectoryInfo folder, ILoggerFactory loggers) : IXmlRepository
    {
        private readonly FileSystemXmlRepository _inner = new(folder, loggers);

        public IReadOnlyCollection<XElement> GetAllElements() => _inner.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            _inner.StoreElement(element, friendlyName);
            foreach (var file in folder.EnumerateFiles("*.xml"))
            {
                ProtectFile(file.FullName);
            }
        }
    }
}
