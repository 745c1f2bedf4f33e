using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

/// <summary>One backup estate and the actors of the scope tests, shared by the read tests (reads change nothing).
/// The "deleted" actor's chosen server and storage were deleted after the scope was set.</summary>
public sealed class BackupScopeFixture : IAsyncLifetime
{
    private DomainTestContext? _context;

    public DomainTestContext Context => _context ?? throw new InvalidOperationException("Not initialized.");

    public BackupWorld World { get; private set; } = null!;

    public User Admin { get; private set; } = null!;

    /// <summary>Every backup page permission, scope all.</summary>
    public User Unscoped { get; private set; } = null!;

    /// <summary>Production servers 1 and 2, all storages.</summary>
    public User ServerScoped { get; private set; } = null!;

    /// <summary>All production servers, storage 1 only.</summary>
    public User StorageScoped { get; private set; } = null!;

    /// <summary>A chosen server and storage that were deleted since.</summary>
    public User DeletedScope { get; private set; } = null!;

    /// <summary>Scope all, but a role without any backup page permission.</summary>
    public User NoPages { get; private set; } = null!;

    public static string[] BackupPages { get; } =
        [Permissions.ViewMonitorPage, Permissions.ViewServersPage, Permissions.ViewStoragesPage, Permissions.ViewSchedulesPage,
         Permissions.ViewPointsPage, Permissions.ViewBackupLogsPage];

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        Admin = await Context.BootstrapAsync();
        World = await BackupWorld.CreateAsync(Context);
        var doomed = await BackupWorld.CreateAsync(Context, servers: 1, storages: 1, prefix: "doomed");

        var operators = await Context.CreateRoleAsync("Operator", BackupPages);
        var users = await Context.CreateRoleAsync("Support", Permissions.ViewUsersPage);
        Unscoped = await Context.CreateUserAsync("all.seeing", operators);
        ServerScoped = await Context.CreateUserAsync("two.servers", operators, BackupWorld.ScopeOf(World.Servers.Take(2)));
        StorageScoped = await Context.CreateUserAsync("one.storage", operators,
            new AccessScope(ResourceScope.Everything, ResourceScope.Chosen([World.Storages[0].Id])));
        DeletedScope = await Context.CreateUserAsync("left.behind", operators, BackupWorld.ScopeOf(doomed.Servers, doomed.Storages));
        NoPages = await Context.CreateUserAsync("support", users);

        var admin = Context.GetScoped<InventoryAdministration>();
        (await admin.DeleteServerAsync(DomainTestContext.As(Admin), doomed.Servers[0].Id)).Succeeded.ShouldBeTrue();
        (await admin.DeleteStorageAsync(DomainTestContext.As(Admin), doomed.Storages[0].Id)).Succeeded.ShouldBeTrue();
    }

    /// <summary>The scope as stored for the user, read independently of ActorLoader.</summary>
    public async Task<AccessScope> ScopeOfAsync(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await Context.DbAsync();
        var stored = await db.Users.Include(u => u.ProductionServers).Include(u => u.StorageServers).SingleAsync(u => u.Id == user.Id);
        return stored.GetScope();
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }
}
