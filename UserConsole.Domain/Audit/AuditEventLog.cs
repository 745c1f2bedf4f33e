using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace UserConsole.Domain.Audit;

/// <summary>Writes every committed audit entry to the application log as one structured event (category
/// <c>UserConsole.Audit</c>, event id 1900) with named properties, so the standard logging configuration can ship the
/// trail to a log system. Logged after the commit, so the log never shows an entry the database does not hold. The
/// changed field values are not logged (they are in the database), only what happened to whom.</summary>
public sealed partial class AuditEventLog(ILoggerFactory loggerFactory) : DbTransactionInterceptor
{
    public const string Category = "UserConsole.Audit";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Flush(eventData.Context);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        (eventData.Context as UserConsoleDbContext)?.UncommittedAuditEntries.Clear();
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Flush(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not UserConsoleDbContext db || db.UncommittedAuditEntries.Count == 0)
        {
            return;
        }

        foreach (var entry in db.UncommittedAuditEntries)
        {
            LogEntry(_logger, entry.Id, entry.Action, entry.ActorUserName, entry.ActorId, entry.TargetType, entry.TargetId, entry.TargetName,
                entry.Outcome, entry.ErrorCode, entry.At);
        }

        db.UncommittedAuditEntries.Clear();
    }

    [LoggerMessage(EventId = 1900, EventName = "AuditEntry", Level = LogLevel.Information,
        Message = "Audit {EntryId} at {At}: {Action} by {Actor} ({ActorId}) on {TargetType} {TargetId} '{Target}': {Outcome} {Code}")]
    private static partial void LogEntry(
        ILogger logger, long entryId, string action, string actor, Guid? actorId, string targetType, string? targetId, string? target,
        AuditOutcome outcome, string? code, DateTime at);
}
