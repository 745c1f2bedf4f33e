using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UserConsole.Domain.Audit;

/// <summary>The hash chain of the audit trail. Every entry stores <c>Hash = SHA-256(canonical form)</c>, and the
/// canonical form ends with the previous entry's hash, so changing, removing or inserting an entry anywhere breaks
/// the chain from there on. Entries are chained in <see cref="AuditEntry.Id"/> order; the id is assigned here, while
/// the writer holds the database's write lock (see <see cref="UserConsoleDbContext"/>), so two writers can never
/// chain onto the same entry.</summary>
/// <remarks>
/// The canonical form (version 1) is UTF-8 text, one line per field, in this order:
/// <c>Id, At, ActorId, ActorUserName, ActorFullName, ActorCompany, Action, TargetType, TargetId, TargetName,
/// Changes, Outcome, ErrorCode, PreviousHash</c>, preceded by the line <c>userconsole-audit-v1</c>. Each line is
/// <c>Name=</c> followed by <c>~</c> for null, or by the value's length in UTF-8 bytes, <c>:</c> and the value;
/// every line ends with <c>\n</c>. <c>At</c> is UTC as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, <c>ActorId</c> a
/// lowercase GUID with dashes, <c>Outcome</c> its number (0 succeeded, 1 refused), hashes lowercase hex. The first
/// entry of a chain has 64 zeros as its previous hash.
/// </remarks>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The action of the entry retention writes: it names the entry the chain continues after and its hash.</summary>
    public const string CheckpointAction = "audit.checkpoint";

    public const string CheckpointContinuesAfterEntry = "ContinuesAfterEntry";

    public const string CheckpointContinuesFromHash = "ContinuesFromHash";

    /// <summary>The hash the entry must have, from its content, its id and its previous hash.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder("userconsole-audit-v1\n");
        Field(text, "Id", entry.Id.ToString(CultureInfo.InvariantCulture));
        Field(text, "At", entry.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        Field(text, "ActorId", entry.ActorId?.ToString("D"));
        Field(text, "ActorUserName", entry.ActorUserName);
        Field(text, "ActorFullName", entry.ActorFullName);
        Field(text, "ActorCompany", entry.ActorCompany);
        Field(text, "Action", entry.Action);
        Field(text, "TargetType", entry.TargetType);
        Field(text, "TargetId", entry.TargetId);
        Field(text, "TargetName", entry.TargetName);
        Field(text, "Changes", entry.Changes);
        Field(text, "Outcome", ((int)entry.Outcome).ToString(CultureInfo.InvariantCulture));
        Field(text, "ErrorCode", entry.ErrorCode);
        Field(text, "PreviousHash", entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Field(StringBuilder text, string name, string? value)
    {
        text.Append(name).Append('=');
        if (value is null)
        {
            text.Append('~');
        }
        else
        {
            text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        text.Append('\n');
    }

    /// <summary>Gives each added entry the next id, its previous hash and its hash, in order after the chain's last
    /// entry (<paramref name="tailId"/>, <paramref name="tailHash"/>; null for an empty trail). The caller holds the
    /// write lock from reading the tail until the commit.</summary>
    internal static void Seal(DbContext db, IReadOnlyList<AuditEntry> added, long? tailId, string? tailHash)
    {
        var nextId = (tailId ?? 0) + 1;
        var previous = tailId is null ? Genesis : tailHash
            ?? throw new InvalidOperationException("The audit trail's last entry has no hash: start the app once so that it chains the entries written before the hash chain.");
        foreach (var entry in added)
        {
            var tracked = db.Entry(entry);
            tracked.Property(e => e.Id).CurrentValue = nextId++;
            // Whole microseconds, the finest time PostgreSQL stores, so the hash is of the time read back.
            tracked.Property(e => e.At).CurrentValue = entry.At.AddTicks(-(entry.At.Ticks % 10));
            tracked.Property(e => e.PreviousHash).CurrentValue = previous;
            tracked.Property(e => e.Hash).CurrentValue = ComputeHash(entry);
            previous = entry.Hash!;
        }
    }

    /// <summary>Chains the entries written before the hash chain existed (an upgraded database), in id order. The
    /// database lets an entry's hash be set once, and nothing else of it change.</summary>
    public static async Task<int> SealUnchainedAsync(UserConsoleDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.AuditEntries.AnyAsync(e => e.Hash == null, cancellationToken))
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = await db.AuditEntries.Where(e => e.Hash == null).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var firstId = pending[0].Id;
        var previous = await db.AuditEntries.AsNoTracking().Where(e => e.Id < firstId).OrderByDescending(e => e.Id)
            .Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken) ?? Genesis;
        foreach (var entry in pending)
        {
            var tracked = db.Entry(entry);
            tracked.Property(e => e.PreviousHash).CurrentValue = previous;
            tracked.Property(e => e.Hash).CurrentValue = ComputeHash(entry);
            previous = entry.Hash!;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }
}
