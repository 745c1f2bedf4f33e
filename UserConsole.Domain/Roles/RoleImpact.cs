using System.Security.Cryptography;
using System.Text;

namespace UserConsole.Domain.Roles;

/// <summary>What saving a role's permissions does to the users holding it: which keys they lose and gain, and who
/// they are (names sorted, at most <see cref="NamesShown"/>). <see cref="Fingerprint"/> changes when anything of it
/// changes, so a save can insist the impact is still the one the person confirmed.</summary>
public sealed record RoleImpact(int Holders, IReadOnlyList<string> Removed, IReadOnlyList<string> Added, IReadOnlyList<string> UserNames, string Fingerprint)
{
    public const int NamesShown = 100;

    public bool ChangesAnyone => Holders > 0 && (Removed.Count > 0 || Added.Count > 0);

    /// <summary>"Saving removes run_schedule from 3 users (alice, bob, carol) and adds delete_servers to 3 users".</summary>
    public string Describe()
    {
        if (Removed.Count == 0 && Added.Count == 0)
        {
            return "Saving changes no permission.";
        }

        if (Holders == 0)
        {
            return "No user holds this role: saving changes nobody's access.";
        }

        var users = Holders == 1 ? "1 user" : $"{Holders} users";
        var names = string.Join(", ", UserNames.Take(3)) + (Holders > 3 ? $" and {Holders - 3} more" : "");
        var parts = new List<string>(2);
        if (Removed.Count > 0)
        {
            parts.Add($"removes {string.Join(", ", Removed)} from {users} ({names})");
        }

        if (Added.Count > 0)
        {
            parts.Add(parts.Count == 0 ? $"adds {string.Join(", ", Added)} to {users} ({names})" : $"adds {string.Join(", ", Added)} to {users}");
        }

        return $"Saving {string.Join(" and ", parts)}.";
    }

    /// <summary>The impact of giving the role <paramref name="wanted"/> (implied keys included) instead of
    /// <paramref name="current"/>, for the users holding it now.</summary>
    internal static async Task<RoleImpact> OfAsync(UserConsoleDbContext db, Guid roleId, IReadOnlySet<string> current, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        var removed = current.Except(wanted).Order(StringComparer.Ordinal).ToList();
        var added = wanted.Except(current).Order(StringComparer.Ordinal).ToList();
        var holders = db.Users.AsNoTracking().Where(u => u.RoleId == roleId);
        var count = await holders.CountAsync(cancellationToken);
        var names = await holders.OrderBy(u => u.NormalizedUserName).Select(u => u.UserName!).Take(NamesShown).ToListAsync(cancellationToken);

        // The holders themselves, not only their number: someone given the role and someone losing it cancel out in a count.
        var ids = await holders.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(cancellationToken);
        var text = new StringBuilder().AppendJoin(',', removed).Append('|').AppendJoin(',', added).Append('|').AppendJoin(',', ids).ToString();
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new RoleImpact(count, removed, added, names, fingerprint);
    }
}
