using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UserConsole.Domain.Backup;

namespace UserConsole.Domain.Users;

/// <summary>What a change of role or scope does to a user before it is saved: the permissions they lose and gain,
/// the servers and storages they lose and gain (with the schedules and backup points they stop seeing), counted with
/// the scope filter of the backup pages. <see cref="Fingerprint"/> covers the permissions and servers (not the counts,
/// which the backup agent changes all the time), so a save can insist it is what the person saw.</summary>
public sealed record UserChangeImpact(
    string UserName,
    IReadOnlyList<string> LostPermissions,
    IReadOnlyList<string> GainedPermissions,
    IReadOnlyList<string> LostAccess,
    IReadOnlyList<string> GainedAccess,
    int LostSchedules,
    int LostPoints,
    string Fingerprint)
{
    public const int NamesShown = 10;

    public bool ChangesAnything => LostPermissions.Count + GainedPermissions.Count + LostAccess.Count + GainedAccess.Count > 0;

    /// <summary>"alice will lose access to db-01 and web-02 (7 schedules, 412 backup points) and gain delete_servers".</summary>
    public string Describe()
    {
        if (!ChangesAnything)
        {
            return $"{UserName}'s access stays the same.";
        }

        var lose = new List<string>(2);
        if (LostAccess.Count > 0)
        {
            lose.Add(string.Create(CultureInfo.InvariantCulture, $"access to {List(LostAccess)} ({LostSchedules:N0} {(LostSchedules == 1 ? "schedule" : "schedules")}, {LostPoints:N0} backup {(LostPoints == 1 ? "point" : "points")})"));
        }

        if (LostPermissions.Count > 0)
        {
            lose.Add(List(LostPermissions));
        }

        var gain = new List<string>(2);
        if (GainedAccess.Count > 0)
        {
            gain.Add($"access to {List(GainedAccess)}");
        }

        if (GainedPermissions.Count > 0)
        {
            gain.Add(List(GainedPermissions));
        }

        var parts = new List<string>(2);
        if (lose.Count > 0)
        {
            parts.Add($"lose {string.Join(" and ", lose)}");
        }

        if (gain.Count > 0)
        {
            parts.Add($"gain {string.Join(" and ", gain)}");
        }

        return $"{UserName} will {string.Join(" and ", parts)}.";
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    internal static async Task<UserChangeImpact> OfAsync(
        UserConsoleDbContext db, UserAccess before, IReadOnlySet<string> permissionsAfter, AccessScope scopeAfter, CancellationToken cancellationToken)
    {
        var lostKeys = before.Permissions.Except(permissionsAfter).Order(StringComparer.Ordinal).ToList();
        var gainedKeys = permissionsAfter.Except(before.Permissions).Order(StringComparer.Ordinal).ToList();
        var lostServers = await DifferenceAsync(db.ProductionServers.AsNoTracking(), before.Scope, scopeAfter, cancellationToken);
        var gainedServers = await DifferenceAsync(db.ProductionServers.AsNoTracking(), scopeAfter, before.Scope, cancellationToken);
        var lostStorages = await DifferenceAsync(db.StorageServers.AsNoTracking(), before.Scope, scopeAfter, cancellationToken);
        var gainedStorages = await DifferenceAsync(db.StorageServers.AsNoTracking(), scopeAfter, before.Scope, cancellationToken);

        var stillVisible = db.Schedules.VisibleTo(scopeAfter).Select(s => s.Id);
        var lostSchedules = db.Schedules.VisibleTo(before.Scope).Where(s => !stillVisible.Contains(s.Id)).Select(s => s.Id);
        var schedules = await lostSchedules.CountAsync(cancellationToken);
        var points = schedules == 0 ? 0 : await db.BackupPoints.CountAsync(p => lostSchedules.Contains(p.ScheduleId), cancellationToken);

        var lost = Named(lostServers, lostStorages);
        var gained = Named(gainedServers, gainedStorages);
        var text = new StringBuilder().AppendJoin(',', lostKeys).Append('|').AppendJoin(',', gainedKeys).Append('|')
            .AppendJoin(',', lostServers.Select(s => s.Id)).Append('|').AppendJoin(',', gainedServers.Select(s => s.Id)).Append('|')
            .AppendJoin(',', lostStorages.Select(s => s.Id)).Append('|').AppendJoin(',', gainedStorages.Select(s => s.Id)).ToString();
        return new UserChangeImpact(before.UserName, lostKeys, gainedKeys, lost, gained, schedules, points,
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    // Servers of one kind visible under "from" and not under "to", by name.
    private static async Task<List<NamedItem>> DifferenceAsync<T>(IQueryable<T> items, AccessScope from, AccessScope to, CancellationToken cancellationToken)
        where T : InventoryItem
    {
        var remaining = Visible(items, to).Select(i => i.Id);
        return await Visible(items, from).Where(i => !remaining.Contains(i.Id)).OrderBy(i => i.Name).Select(i => new NamedItem(i.Id, i.Name)).ToListAsync(cancellationToken);
    }

    private static IQueryable<T> Visible<T>(IQueryable<T> items, AccessScope scope)
        where T : InventoryItem => items switch
        {
            IQueryable<ProductionServer> servers => (IQueryable<T>)servers.VisibleTo(scope),
            IQueryable<StorageServer> storages => (IQueryable<T>)storages.VisibleTo(scope),
            _ => throw new ArgumentException("Only servers and storages have a scope.", nameof(items)),
        };

    private static List<string> Named(List<NamedItem> servers, List<NamedItem> storages)
    {
        var names = servers.Select(s => s.Name).Concat(storages.Select(s => $"storage {s.Name}")).ToList();
        return names.Count <= NamesShown ? names : [.. names.Take(NamesShown), $"{names.Count - NamesShown} more"];
    }
}
