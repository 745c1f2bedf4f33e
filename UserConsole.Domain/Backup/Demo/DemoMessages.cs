using System.Globalization;

namespace UserConsole.Domain.Backup.Demo;

/// <summary>The message lines a demo job writes, as a backup agent would: what it connects to, scans, transfers
/// and how it ends. Used by the demo seeder (history) and the simulator (live runs).</summary>
internal static class DemoMessages
{
    private static readonly string[] FileRoots = ["/etc", "/home", "/var/www", "/srv/data", "/opt/app", "/var/lib/docker/volumes"];
    private static readonly string[] Databases = ["shop", "crm", "billing", "wiki", "analytics", "auth", "inventory", "mail"];
    private static readonly string[] LockedFiles = ["/var/lib/mysql/ibdata1", "/var/log/syslog", "/home/build/.cache/ccache/stats", "/srv/data/index.lock"];

    /// <summary>82 % Completed, 11 % Warning, 7 % Error.</summary>
    public static JobStatus PickOutcome(Random random)
    {
        var roll = random.Next(100);
        return roll < 82 ? JobStatus.Completed : roll < 93 ? JobStatus.Warning : JobStatus.Error;
    }

    /// <summary>The lines between the first and the last, the last line, and the size of the point it makes.</summary>
    public static JobScript Script(Random random, BackupType type, string server, string host, string storage, JobStatus outcome, TimeSpan duration)
    {
        var lines = new List<string>();
        var size = type == BackupType.MySql
            ? (long)random.Next(200, 6_000) * 1_000_000
            : (long)random.Next(500, 40_000) * 1_000_000;
        if (type == BackupType.MySql)
        {
            var count = random.Next(2, 6);
            var names = Databases.OrderBy(_ => random.Next()).Take(count).ToList();
            lines.Add($"Connecting to MySQL on {host}:3306.");
            lines.Add($"Dumping {count} databases ({string.Join(", ", names)}) with --single-transaction.");
            lines.Add($"Compressing dump: {Size(size * 5)} to {Size(size)}.");
            if (outcome == JobStatus.Warning)
            {
                lines.Add($"Warning: table {names[0]}.sessions changed during the dump; it may be inconsistent.");
            }
        }
        else
        {
            var roots = FileRoots.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var files = random.Next(2_000, 400_000);
            lines.Add($"Connecting to {server} ({host}) over SSH.");
            lines.Add($"Scanning {string.Join(", ", roots)}: {files.ToString("N0", CultureInfo.InvariantCulture)} files.");
            lines.Add($"Transferring changed files to {storage}: {(files / random.Next(5, 60)).ToString("N0", CultureInfo.InvariantCulture)} files, {Size(size)}.");
            if (outcome == JobStatus.Warning)
            {
                lines.Add($"Warning: skipped {random.Next(1, 6)} files locked by another process ({LockedFiles[random.Next(LockedFiles.Length)]}).");
            }
        }

        string last;
        if (outcome == JobStatus.Error)
        {
            last = random.Next(3) switch
            {
                0 => $"Error: connection to {storage} lost (timeout after 30 s). No point was made.",
                1 => $"Error: not enough free space on {storage}. No point was made.",
                _ => type == BackupType.MySql
                    ? "Error: mysqldump: Got error 2013: Lost connection to MySQL server during query. No point was made."
                    : $"Error: {host} refused the SSH connection (authentication failed). No point was made.",
            };
        }
        else
        {
            lines.Add($"Verifying checksums on {storage}.");
            var verb = outcome == JobStatus.Warning ? "Completed with warnings" : "Completed";
            last = $"{verb}: {Size(size)} in {Duration(duration)}.";
        }

        return new JobScript(lines, last, size);
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1_000_000_000_000 => $"{(bytes / 1e12).ToString("0.0", CultureInfo.InvariantCulture)} TB",
        >= 1_000_000_000 => $"{(bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture)} GB",
        _ => $"{(bytes / 1e6).ToString("0", CultureInfo.InvariantCulture)} MB",
    };

    private static string Duration(TimeSpan duration) => duration.TotalMinutes >= 1
        ? $"{(int)duration.TotalMinutes} min {duration.Seconds} s"
        : $"{Math.Max(1, duration.Seconds)} s";
}

internal sealed record JobScript(IReadOnlyList<string> Lines, string LastLine, long SizeBytes);
