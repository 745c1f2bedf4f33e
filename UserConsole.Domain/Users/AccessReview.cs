using CsvHelper;
using Microsoft.Extensions.Options;

namespace UserConsole.Domain.Users;

/// <summary>The access review (view_users_page): every user with their role, how many permissions and which
/// administrative ones they hold, their scope, 2FA, last sign-in, whether they are dormant and whether a one-time
/// password is pending, filtered in the database; and the same as CSV, audited before the first row, with cells a
/// spreadsheet would run as a formula neutralised.</summary>
public sealed class AccessReview(IDbContextFactory<UserConsoleDbContext> contexts, OperationFactory operations, TimeProvider clock, IOptions<AccessReviewOptions> options)
{
    public const string ExportAction = "users.review_export";

    /// <summary>The permissions that administer people and settings: holding one makes an administrator.</summary>
    public static IReadOnlySet<string> AdministrativeKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Permissions.CreateAdditionalUsers, Permissions.EditUsers, Permissions.DeleteUsers,
        Permissions.CreateUserRole, Permissions.EditUserRoles, Permissions.DeleteUserRoles, Permissions.EditSettings,
    };

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    private int DormantDays => Math.Max(1, options.Value.DormantDays);

    public Task<Result<AccessReviewList>> ListAsync(ActingUser by, AccessReviewQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return contexts.ReadAsync(by, Permissions.ViewUsersPage, async (db, _) =>
        {
            var roles = await RolesAsync(db, cancellationToken);
            var filtered = Filter(db, query, roles);
            var total = await filtered.CountAsync(cancellationToken);
            var size = Math.Clamp(query.PageSize, 1, 200);
            var rows = await Project(db, filtered.OrderBy(u => u.NormalizedUserName).Skip(Math.Max(0, query.Page) * size).Take(size)).ToListAsync(cancellationToken);
            return new AccessReviewList([.. rows.Select(r => ToRow(r, roles))], total, query.Page, size, DormantDays);
        }, cancellationToken);
    }

    /// <summary>Checks view_users_page and audits the export (with its filters); on success returns the writer of the rows.</summary>
    public async Task<Result<Func<Stream, CancellationToken, Task>>> StartExportAsync(ActingUser by, AccessReviewQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var changes = new ChangeSet()
            .Add("Dormant", null, query.Dormant ? "Yes" : null)
            .Add("AdministratorsWithoutTwoFactor", null, query.AdministratorsWithoutTwoFactor ? "Yes" : null)
            .Add("AllServers", null, query.AllServers ? "Yes" : null);
        await using var op = await operations.BeginAsync(by, new OperationSpec(ExportAction, "Users", Permissions.ViewUsersPage, UserRules.StaleUser),
            AuditTarget.None, cancellationToken, changes);
        if (op.Refusal is { } refused)
        {
            return refused;
        }

        return await op.CommitAsync(changes) is { } failed
            ? failed
            : Result<Func<Stream, CancellationToken, Task>>.Success((output, ct) => WriteAsync(query, output, ct));
    }

    private async Task WriteAsync(AccessReviewQuery query, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var roles = await RolesAsync(db, cancellationToken);
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        await csv.WriteRecordAsync(AccessReviewRow.Headers.ToArray(), cancellationToken);
        await foreach (var row in Project(db, Filter(db, query, roles).OrderBy(u => u.NormalizedUserName)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(ToRow(row, roles).Cells().ToArray(), cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private sealed record RoleFacts(string Name, IReadOnlySet<string> Keys);

    private sealed record UserFacts(
        Guid Id, string UserName, string? FullName, Guid RoleId, bool IsFirstAdmin, ScopeMode Servers, int ServerCount, ScopeMode Storages, int StorageCount,
        bool TwoFactorEnabled, DateTime? LastSignInAt, DateTime CreatedAt, bool MustChangePassword);

    private static async Task<Dictionary<Guid, RoleFacts>> RolesAsync(UserConsoleDbContext db, CancellationToken cancellationToken) =>
        (await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name, r.IsFirstAdminRole, Keys = r.Permissions.Select(p => p.Key).ToList() }).ToListAsync(cancellationToken))
        .ToDictionary(r => r.Id, r => new RoleFacts(r.Name, r.IsFirstAdminRole ? Permissions.AllKeys : r.Keys.Where(Permissions.IsKnown).ToHashSet(StringComparer.Ordinal)));

    private IQueryable<User> Filter(UserConsoleDbContext db, AccessReviewQuery query, Dictionary<Guid, RoleFacts> roles)
    {
        var users = db.Users.AsNoTracking();
        if (query.Dormant)
        {
            var cutoff = DormantSince();
            users = users.Where(u => u.LastSignInAt < cutoff || (u.LastSignInAt == null && u.CreatedAt < cutoff));
        }

        if (query.AdministratorsWithoutTwoFactor)
        {
            var administrative = roles.Where(r => r.Value.Keys.Overlaps(AdministrativeKeys)).Select(r => r.Key).ToList();
            users = users.Where(u => administrative.Contains(u.RoleId)).Where(Profile.SecondFactors.Missing(db));
        }

        if (query.AllServers)
        {
            users = users.Where(u => u.IsFirstAdmin || (u.ProductionServerScope == ScopeMode.All && u.StorageServerScope == ScopeMode.All));
        }

        return users;
    }

    private static IQueryable<UserFacts> Project(UserConsoleDbContext db, IQueryable<User> users) => users.Select(u => new UserFacts(
        u.Id, u.UserName!, u.FullName, u.RoleId, u.IsFirstAdmin, u.ProductionServerScope, u.ProductionServers.Count, u.StorageServerScope, u.StorageServers.Count,
        u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == u.Id), u.LastSignInAt, u.CreatedAt, u.MustChangePassword));

    private DateTime DormantSince() => clock.GetUtcNow().UtcDateTime.AddDays(-DormantDays);

    private AccessReviewRow ToRow(UserFacts u, Dictionary<Guid, RoleFacts> roles)
    {
        var role = roles.GetValueOrDefault(u.RoleId) ?? new RoleFacts("(none)", new HashSet<string>());
        var cutoff = DormantSince();
        var allServers = u.IsFirstAdmin || u.Servers == ScopeMode.All;
        var allStorages = u.IsFirstAdmin || u.Storages == ScopeMode.All;
        var scope = allServers && allStorages ? "All servers · All storages"
            : $"{(allServers ? "All servers" : Count(u.ServerCount, "server"))} · {(allStorages ? "All storages" : Count(u.StorageCount, "storage"))}";
        return new AccessReviewRow(u.Id, u.UserName, u.FullName, role.Name, role.Keys.Count,
            [.. role.Keys.Where(AdministrativeKeys.Contains).Order(StringComparer.Ordinal)], scope, u.TwoFactorEnabled, u.LastSignInAt,
            (u.LastSignInAt ?? u.CreatedAt) < cutoff, OneTimePasswordStateOf(u));
    }

    /// <summary>Pending while a generated password waits to be replaced. The hook for one-time-password expiry: when
    /// a generated password carries its expiry, an expired one reads <see cref="OneTimePasswordState.Expired"/> here.</summary>
    private static OneTimePasswordState OneTimePasswordStateOf(UserFacts u) => u.MustChangePassword ? OneTimePasswordState.Pending : OneTimePasswordState.None;

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
