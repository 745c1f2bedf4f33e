using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>A small organisation for the rules tests: the first admin, a second full admin, a user manager scoped
/// to two servers and one storage, a support person, operators with narrow and wide scope, and a viewer.</summary>
public sealed class AdminWorld : IAsyncDisposable
{
    public const string OperatorRoleName = "Operator";

    private AdminWorld(DomainTestContext context) => Context = context;

    public DomainTestContext Context { get; }

    public User Admin { get; private set; } = null!;

    public User Admin2 { get; private set; } = null!;

    public User Manager { get; private set; } = null!;

    public User Support { get; private set; } = null!;

    public User OperatorNarrow { get; private set; } = null!;

    public User OperatorWide { get; private set; } = null!;

    public User Viewer { get; private set; } = null!;

    public Role AdministratorRole { get; private set; } = null!;

    public Role ManagerRole { get; private set; } = null!;

    public Role SupportRole { get; private set; } = null!;

    public Role OperatorRole { get; private set; } = null!;

    public Role ViewerRole { get; private set; } = null!;

    /// <summary>Holds delete_servers, which the manager lacks.</summary>
    public Role ServerAdminRole { get; private set; } = null!;

    public Role UnusedRole { get; private set; } = null!;

    public ProductionServer Server1 { get; private set; } = null!;

    public ProductionServer Server2 { get; private set; } = null!;

    public ProductionServer Server3 { get; private set; } = null!;

    public StorageServer Storage1 { get; private set; } = null!;

    public StorageServer Storage2 { get; private set; } = null!;

    public UserAdministration Users => Context.GetScoped<UserAdministration>();

    public RoleAdministration Roles => Context.GetScoped<RoleAdministration>();

    public UserConsole.Domain.Profile.TwoFactorService TwoFactor => Context.GetScoped<UserConsole.Domain.Profile.TwoFactorService>();

    public static readonly string[] ManagerPermissions =
    [
        Permissions.ViewUsersPage, Permissions.CreateAdditionalUsers, Permissions.EditUsers, Permissions.DeleteUsers,
        Permissions.CreateUserRole, Permissions.EditUserRoles, Permissions.DeleteUserRoles,
        Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule,
    ];

    public static async Task<AdminWorld> CreateAsync()
    {
        var world = new AdminWorld(await DomainTestContext.CreateAsync());
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        var c = Context;
        Admin = await c.BootstrapAsync();
        await using (var db = await c.DbAsync())
        {
            AdministratorRole = await db.Roles.SingleAsync(r => r.IsFirstAdminRole);
        }

        Server1 = await c.CreateServerAsync("web-01");
        Server2 = await c.CreateServerAsync("db-01");
        Server3 = await c.CreateServerAsync("mail-01");
        Storage1 = await c.CreateStorageAsync("nas-01");
        Storage2 = await c.CreateStorageAsync("cloud-01");

        ManagerRole = await c.CreateRoleAsync("Manager", ManagerPermissions);
        SupportRole = await c.CreateRoleAsync("Support", Permissions.ViewUsersPage, Permissions.EditUsers, Permissions.ViewSchedulesPage, Permissions.RunSchedule);
        OperatorRole = await c.CreateRoleAsync(OperatorRoleName, Permissions.ViewSchedulesPage, Permissions.RunSchedule);
        ViewerRole = await c.CreateRoleAsync("Viewer", Permissions.ViewUsersPage);
        ServerAdminRole = await c.CreateRoleAsync("Server admin", Permissions.ViewServersPage, Permissions.DeleteServers);
        UnusedRole = await c.CreateRoleAsync("Unused", Permissions.ViewMonitorPage);

        var managerScope = new AccessScope(ResourceScope.Chosen([Server1.Id, Server2.Id]), ResourceScope.Chosen([Storage1.Id]));
        Admin2 = await c.CreateUserAsync("admin2", AdministratorRole, fullName: "Second Admin", company: "Acme");
        Manager = await c.CreateUserAsync("manager", ManagerRole, managerScope, fullName: "Mia Manager", company: "Acme");
        Support = await c.CreateUserAsync("support", SupportRole, fullName: "Sam Support", company: "Helpdesk Ltd");
        OperatorNarrow = await c.CreateUserAsync("op-narrow", OperatorRole, new AccessScope(ResourceScope.Chosen([Server1.Id]), ResourceScope.Chosen([Storage1.Id])));
        OperatorWide = await c.CreateUserAsync("op-wide", OperatorRole);
        Viewer = await c.CreateUserAsync("viewer", ViewerRole);

        // Three users use 2FA, the first admin among them (the secret's value does not matter to administration).
        await using var twoFactorDb = await c.DbAsync();
        foreach (var user in await twoFactorDb.Users.Where(u => u.Id == OperatorWide.Id || u.Id == Admin2.Id || u.Id == Admin.Id).ToListAsync())
        {
            user.EnableTwoFactor("protected-secret", 1);
        }

        await twoFactorDb.SaveChangesAsync();
    }

    /// <summary>The acting users who passed "Confirm it's you" in a session of theirs (<see cref="ProveAsync"/>), by user id.</summary>
    public Dictionary<Guid, ActingUser> Proven { get; } = [];

    /// <summary>Signs <paramref name="user"/> in and confirms it is them with the password: the acting user that
    /// sensitive administration accepts for the next few minutes.</summary>
    public async Task<ActingUser> ProveAsync(User user)
    {
        var by = await Context.ProvenAsync(user);
        Proven[user.Id] = by;
        return by;
    }

    public async Task<User> ReloadAsync(User user)
    {
        await using var db = await Context.DbAsync();
        return await db.Users.AsNoTracking().Include(u => u.ProductionServers).Include(u => u.StorageServers).SingleAsync(u => u.Id == user.Id);
    }

    public async Task<string> StampOfAsync(User user) => (await ReloadAsync(user)).ConcurrencyStamp!;

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await Context.DbAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>A create input for a new operator within the manager's scope.</summary>
    public CreateUserInput NewOperator(string userName = "alice") => new()
    {
        UserName = userName,
        Email = $"{userName}@example.test",
        RoleId = OperatorRole.Id,
        FullName = "  Alice Liddell ",
        Company = "Wonderland",
        ProductionServerIds = [Server1.Id],
        StorageServerIds = [Storage1.Id],
    };

    public async Task<UpdateUserInput> EditOfAsync(User user)
    {
        var current = await ReloadAsync(user);
        return new UpdateUserInput
        {
            UserId = current.Id,
            ConcurrencyStamp = current.ConcurrencyStamp!,
            UserName = current.UserName!,
            Email = current.Email!,
            RoleId = current.RoleId,
            FullName = current.FullName,
            Company = current.Company,
            ProductionServerIds = current.ProductionServerScope == ScopeMode.All ? [] : [.. current.ProductionServers.Select(s => s.ProductionServerId)],
            StorageServerIds = current.StorageServerScope == ScopeMode.All ? [] : [.. current.StorageServers.Select(s => s.StorageServerId)],
        };
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
