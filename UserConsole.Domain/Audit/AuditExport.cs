using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace UserConsole.Domain.Audit;

public enum AuditExportFormat
{
    Csv,
    JsonLines,
}

/// <summary>Writes the entries of an activity filter (newest first, every page) as CSV or JSON lines, with their
/// hashes so that a copy can be checked later. The export itself is audited before the first row is written, and a
/// refused one too. CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
/// prefixed with an apostrophe.</summary>
public sealed class AuditExport(IDbContextFactory<UserConsoleDbContext> contextFactory, OperationFactory operations)
{
    public const string ExportAction = "audit.export";

    private static readonly string[] Columns =
    [
        "Id", "At", "ActorUserName", "ActorFullName", "ActorCompany", "Action", "TargetType", "TargetId", "TargetName", "Outcome",
        "ErrorCode", "Changes", "PreviousHash", "Hash",
    ];

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>Checks view_activity_log and audits the export; on success returns the writer of the rows.</summary>
    public async Task<Result<Func<Stream, CancellationToken, Task>>> StartAsync(
        ActingUser by, AuditQuery filter, AuditExportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var changes = new ChangeSet()
            .Add("Format", null, format == AuditExportFormat.Csv ? "CSV" : "JSON lines")
            .Add("Search", null, string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim())
            .Add("Outcome", null, filter.Outcome?.ToString());
        await using var op = await operations.BeginAsync(by, new OperationSpec(ExportAction, "AuditTrail", Permissions.ViewActivityLog, AuditRules.NothingToExport),
            AuditTarget.None, cancellationToken, changes);
        if (op.Refusal is { } refused)
        {
            return refused;
        }

        return await op.CommitAsync(changes) is { } failed
            ? failed
            : Result<Func<Stream, CancellationToken, Task>>.Success((output, ct) => WriteAsync(filter, format, output, ct));
    }

    private async Task WriteAsync(AuditQuery filter, AuditExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = AuditLog.Filter(db.AuditEntries.AsNoTracking(), filter).OrderByDescending(e => e.Id).AsAsyncEnumerable();
        if (format == AuditExportFormat.Csv)
        {
            await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
            await csv.WriteRecordAsync(Columns, cancellationToken);
            await foreach (var e in rows.WithCancellation(cancellationToken))
            {
                await csv.WriteRecordAsync(
                [
                    e.Id.ToString(CultureInfo.InvariantCulture), Iso(e.At), e.ActorUserName, e.ActorFullName, e.ActorCompany, e.Action,
                    e.TargetType, e.TargetId, e.TargetName, e.Outcome.ToString(), e.ErrorCode, e.Changes, e.PreviousHash, e.Hash,
                ], cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
            return;
        }

        var newLine = "\n"u8.ToArray();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            var line = new AuditExportLine(e.Id, Iso(e.At), e.ActorId, e.ActorUserName, e.ActorFullName, e.ActorCompany, e.Action, e.TargetType,
                e.TargetId, e.TargetName, e.Outcome.ToString(), e.ErrorCode,
                string.IsNullOrEmpty(e.Changes) ? null : JsonSerializer.Deserialize<JsonElement>(e.Changes), e.PreviousHash, e.Hash);
            await JsonSerializer.SerializeAsync(output, line, cancellationToken: cancellationToken);
            await output.WriteAsync(newLine, cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }

    private static string Iso(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string FileName(AuditExportFormat format, DateTime at) =>
        string.Create(CultureInfo.InvariantCulture, $"activity-{at:yyyyMMdd-HHmmss}.{(format == AuditExportFormat.Csv ? "csv" : "jsonl")}");

    private sealed record AuditExportLine(
        long Id, string At, Guid? ActorId, string ActorUserName, string? ActorFullName, string? ActorCompany, string Action, string TargetType,
        string? TargetId, string? TargetName, string Outcome, string? ErrorCode, JsonElement? Changes, string? PreviousHash, string? Hash);
}
