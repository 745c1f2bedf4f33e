using Microsoft.EntityFrameworkCore;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>The backup operations against an actor without the permission, a target outside the actor's scope, a
/// stale token and a target that does not exist (and one success each): every refusal leaves the database
/// unchanged apart from exactly one audit entry recording the refusal and its code.</summary>
public sealed class BackupRulesMatrixTests
{
    private const int Missing = 987_654;

    private delegate Task<DomainError?> Act(World w);

    private static readonly Dictionary<string, (Act Act, string? Code)> Cases = new()
    {
        // Servers
        ["CreateServer_WithPermission"] = (w => Err(w.Inventory.CreateServerAsync(As(w.Admin), Server("web-99"))), null),
        ["CreateServer_WithoutPermission"] = (w => Err(w.Inventory.CreateServerAsync(As(w.Viewer), Server("web-99"))), "permission.denied"),
        ["CreateServer_ByScopedActor"] = (w => Err(w.Inventory.CreateServerAsync(As(w.Scoped), Server("web-99"))), "server.create_outside_scope"),
        ["CreateServer_NameTaken"] = (w => Err(w.Inventory.CreateServerAsync(As(w.Admin), Server("SRV-01"))), "server.name_taken"),
        ["CreateServer_InvalidInput"] = (w => Err(w.Inventory.CreateServerAsync(As(w.Admin), Server(""))), Validation.Code),
        ["UpdateServer_WithPermission"] = (w => Err(w.Inventory.UpdateServerAsync(As(w.Scoped), w.InScope.Server.Id, Server("web-01b", w.InScope.Server.ConcurrencyStamp))), null),
        ["UpdateServer_WithoutPermission"] = (w => Err(w.Inventory.UpdateServerAsync(As(w.Viewer), w.InScope.Server.Id, Server("x", w.InScope.Server.ConcurrencyStamp))), "permission.denied"),
        ["UpdateServer_OutOfScope"] = (w => Err(w.Inventory.UpdateServerAsync(As(w.Scoped), w.OutOfScope.Server.Id, Server("x", w.OutOfScope.Server.ConcurrencyStamp))), "server.not_found"),
        ["UpdateServer_StaleToken"] = (w => Err(w.Inventory.UpdateServerAsync(As(w.Admin), w.InScope.Server.Id, Server("x", "stale"))), "concurrency.stale"),
        ["UpdateServer_NotFound"] = (w => Err(w.Inventory.UpdateServerAsync(As(w.Admin), Missing, Server("x", "x"))), "server.not_found"),
        ["DeleteServer_WithPermission"] = (w => Err(w.Inventory.DeleteServerAsync(As(w.Scoped), w.InScope.Server.Id)), null),
        ["DeleteServer_WithoutPermission"] = (w => Err(w.Inventory.DeleteServerAsync(As(w.Viewer), w.InScope.Server.Id)), "permission.denied"),
        ["DeleteServer_OutOfScope"] = (w => Err(w.Inventory.DeleteServerAsync(As(w.Scoped), w.OutOfScope.Server.Id)), "server.not_found"),
        ["DeleteServer_NotFound"] = (w => Err(w.Inventory.DeleteServerAsync(As(w.Admin), Missing)), "server.not_found"),

        // Storages
        ["CreateStorage_WithPermission"] = (w => Err(w.Inventory.CreateStorageAsync(As(w.Admin), Storage("nas-99"))), null),
        ["CreateStorage_WithoutPermission"] = (w => Err(w.Inventory.CreateStorageAsync(As(w.Viewer), Storage("nas-99"))), "permission.denied"),
        ["CreateStorage_ByScopedActor"] = (w => Err(w.Inventory.CreateStorageAsync(As(w.Scoped), Storage("nas-99"))), "storage.create_outside_scope"),
        ["CreateStorage_NameTaken"] = (w => Err(w.Inventory.CreateStorageAsync(As(w.Admin), Storage("SRV-STORE-1"))), "storage.name_taken"),
        ["UpdateStorage_WithPermission"] = (w => Err(w.Inventory.UpdateStorageAsync(As(w.Scoped), w.InScope.Storage.Id, Storage("nas-01b", w.InScope.Storage.ConcurrencyStamp))), null),
        ["UpdateStorage_WithoutPermission"] = (w => Err(w.Inventory.UpdateStorageAsync(As(w.Viewer), w.InScope.Storage.Id, Storage("x", w.InScope.Storage.ConcurrencyStamp))), "permission.denied"),
        ["UpdateStorage_OutOfScope"] = (w => Err(w.Inventory.UpdateStorageAsync(As(w.Scoped), w.OutOfScope.Storage.Id, Storage("x", w.OutOfScope.Storage.ConcurrencyStamp))), "storage.not_found"),
        ["UpdateStorage_StaleToken"] = (w => Err(w.Inventory.UpdateStorageAsync(As(w.Admin), w.InScope.Storage.Id, Storage("x", "stale"))), "concurrency.stale"),
        ["UpdateStorage_NotFound"] = (w => Err(w.Inventory.UpdateStorageAsync(As(w.Admin), Missing, Storage("x", "x"))), "storage.not_found"),
        ["DeleteStorage_WithPermission"] = (w => Err(w.Inventory.DeleteStorageAsync(As(w.Scoped), w.InScope.Storage.Id)), null),
        ["DeleteStorage_WithoutPermission"] = (w => Err(w.Inventory.DeleteStorageAsync(As(w.Viewer), w.InScope.Storage.Id)), "permission.denied"),
        ["DeleteStorage_OutOfScope"] = (w => Err(w.Inventory.DeleteStorageAsync(As(w.Scoped), w.OutOfScope.Storage.Id)), "storage.not_found"),
        ["DeleteStorage_NotFound"] = (w => Err(w.Inventory.DeleteStorageAsync(As(w.Admin), Missing)), "storage.not_found"),

        // Schedules
        ["CreateSchedule_WithPermission"] = (w => Err(w.Schedules.CreateAsync(As(w.Scoped), Schedule("db nightly", w.InScope))), null),
        ["CreateSchedule_WithoutPermission"] = (w => Err(w.Schedules.CreateAsync(As(w.Viewer), Schedule("db nightly", w.InScope))), "permission.denied"),
        ["CreateSchedule_ServerOutOfScope"] = (w => Err(w.Schedules.CreateAsync(As(w.Scoped), Schedule("db nightly", w.InScope, server: w.OutOfScope.Server))), "schedule.server_scope"),
        ["CreateSchedule_StorageOutOfScope"] = (w => Err(w.Schedules.CreateAsync(As(w.Scoped), Schedule("db nightly", w.InScope, storage: w.OutOfScope.Storage))), "schedule.storage_scope"),
        ["CreateSchedule_NameTaken"] = (w => Err(w.Schedules.CreateAsync(As(w.Admin), Schedule(w.InScope.Idle.Name.ToUpperInvariant(), w.InScope))), "schedule.name_taken"),
        ["UpdateSchedule_WithPermission"] = (w => Err(w.Schedules.UpdateAsync(As(w.Scoped), w.InScope.Idle.Id, Schedule("renamed", w.InScope, w.InScope.Idle.ConcurrencyStamp))), null),
        ["UpdateSchedule_WithoutPermission"] = (w => Err(w.Schedules.UpdateAsync(As(w.Viewer), w.InScope.Idle.Id, Schedule("renamed", w.InScope, w.InScope.Idle.ConcurrencyStamp))), "permission.denied"),
        ["UpdateSchedule_OutOfScope"] = (w => Err(w.Schedules.UpdateAsync(As(w.Scoped), w.OutOfScope.Idle.Id, Schedule("renamed", w.InScope, w.OutOfScope.Idle.ConcurrencyStamp))), "schedule.not_found"),
        ["UpdateSchedule_StaleToken"] = (w => Err(w.Schedules.UpdateAsync(As(w.Admin), w.InScope.Idle.Id, Schedule("renamed", w.InScope, "stale"))), "concurrency.stale"),
        ["UpdateSchedule_NotFound"] = (w => Err(w.Schedules.UpdateAsync(As(w.Admin), Missing, Schedule("renamed", w.InScope, "x"))), "schedule.not_found"),
        ["DeleteSchedule_WithPermission"] = (w => Err(w.Schedules.DeleteAsync(As(w.Scoped), w.InScope.Idle.Id)), null),
        ["DeleteSchedule_WithoutPermission"] = (w => Err(w.Schedules.DeleteAsync(As(w.Viewer), w.InScope.Idle.Id)), "permission.denied"),
        ["DeleteSchedule_OutOfScope"] = (w => Err(w.Schedules.DeleteAsync(As(w.Scoped), w.OutOfScope.Idle.Id)), "schedule.not_found"),
        ["DeleteSchedule_NotFound"] = (w => Err(w.Schedules.DeleteAsync(As(w.Admin), Missing)), "schedule.not_found"),
        ["RunSchedule_WithPermission"] = (w => Err(w.Schedules.RunNowAsync(As(w.Scoped), w.InScope.Idle.Id)), null),
        ["RunSchedule_WithoutPermission"] = (w => Err(w.Schedules.RunNowAsync(As(w.Viewer), w.InScope.Idle.Id)), "permission.denied"),
        ["RunSchedule_OutOfScope"] = (w => Err(w.Schedules.RunNowAsync(As(w.Scoped), w.OutOfScope.Idle.Id)), "schedule.not_found"),
        ["RunSchedule_NotFound"] = (w => Err(w.Schedules.RunNowAsync(As(w.Admin), Missing)), "schedule.not_found"),
        ["RunSchedule_AlreadyRunning"] = (w => Err(w.Schedules.RunNowAsync(As(w.Scoped), w.InScope.Running.Id)), "schedule.running"),
        ["StopSchedule_WithPermission"] = (w => Err(w.Schedules.StopAsync(As(w.Scoped), w.InScope.Running.Id)), null),
        ["StopSchedule_WithoutPermission"] = (w => Err(w.Schedules.StopAsync(As(w.Viewer), w.InScope.Running.Id)), "permission.denied"),
        ["StopSchedule_OutOfScope"] = (w => Err(w.Schedules.StopAsync(As(w.Scoped), w.OutOfScope.Running.Id)), "schedule.not_found"),
        ["StopSchedule_NotFound"] = (w => Err(w.Schedules.StopAsync(As(w.Admin), Missing)), "schedule.not_found"),
        ["StopSchedule_NotRunning"] = (w => Err(w.Schedules.StopAsync(As(w.Scoped), w.InScope.Idle.Id)), "schedule.not_running"),

        // Points (a request is recorded in the audit trail only, so only refusals are in this matrix)
        ["DownloadPoint_WithoutPermission"] = (w => Err(w.Points.RequestDownloadAsync(As(w.Viewer), w.InScope.Point.Id)), "permission.denied"),
        ["DownloadPoint_OutOfScope"] = (w => Err(w.Points.RequestDownloadAsync(As(w.Scoped), w.OutOfScope.Point.Id)), "point.not_found"),
        ["DownloadPoint_NotFound"] = (w => Err(w.Points.RequestDownloadAsync(As(w.Admin), Missing)), "point.not_found"),
        ["RestorePoint_WithoutPermission"] = (w => Err(w.Points.RequestRestoreAsync(As(w.Viewer), w.InScope.Point.Id, RestoreKind.DisasterRecovery)), "permission.denied"),
        ["RestorePoint_OutOfScope"] = (w => Err(w.Points.RequestRestoreAsync(As(w.Scoped), w.OutOfScope.Point.Id, RestoreKind.DisasterRecovery)), "point.not_found"),
        ["RestorePoint_NotFound"] = (w => Err(w.Points.RequestRestoreAsync(As(w.Admin), Missing, RestoreKind.DisasterRecovery)), "point.not_found"),
        ["RestorePoint_Unsuitable"] = (w => Err(w.Points.RequestRestoreAsync(As(w.Scoped), w.InScope.Point.Id, RestoreKind.Databases)), "restore.unsuitable"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BackupOperation_InEachSituation_HasTheExpectedOutcome(string name)
    {
        await using var world = await World.CreateAsync();
        var (act, expectedCode) = Cases[name];
        var before = await world.Context.SnapshotWithoutAuditAsync();
        var auditBefore = await world.AuditCountAsync();

        var error = await act(world);

        (await world.AuditCountAsync()).ShouldBe(auditBefore + 1, "exactly one audit entry per operation");
        var entry = await world.LastAuditAsync();
        if (expectedCode is null)
        {
            error.ShouldBeNull();
            entry.Outcome.ShouldBe(AuditOutcome.Succeeded);
            (await world.Context.SnapshotWithoutAuditAsync()).ShouldNotBe(before);
        }
        else
        {
            error.ShouldNotBeNull();
            error.Code.ShouldBe(expectedCode);
            error.Message.ShouldNotBeNullOrWhiteSpace();
            entry.Outcome.ShouldBe(AuditOutcome.Refused);
            entry.ErrorCode.ShouldBe(expectedCode);
            (await world.Context.SnapshotWithoutAuditAsync()).ShouldBe(before, "a refusal changes nothing but the audit trail");
        }
    }

    private static ActingUser As(User user) => DomainTestContext.As(user);

    private static async Task<DomainError?> Err(Task<Result> task) => (await task).Error;

    private static async Task<DomainError?> Err<T>(Task<Result<T>> task) => (await task).Error;

    private static ServerInput Server(string name, string? stamp = null) =>
        new() { Name = name, Host = "web-99.example.test", OperatingSystem = "Debian 13", ConcurrencyStamp = stamp };

    private static StorageInput Storage(string name, string? stamp = null) =>
        new() { Name = name, Kind = StorageKind.Linux, CapacityGigabytes = 2_000, ConcurrencyStamp = stamp };

    private static ScheduleInput Schedule(string name, Corner corner, string? stamp = null, ProductionServer? server = null, StorageServer? storage = null) => new()
    {
        Name = name,
        ProductionServerId = (server ?? corner.Server).Id,
        StorageServerId = (storage ?? corner.Storage).Id,
        Type = BackupType.Files,
        CronExpression = "0 4 * * *",
        RetentionCount = 7,
        ConcurrencyStamp = stamp,
    };

    /// <summary>A server with its storage, an idle and a running schedule between them, and a Files point.</summary>
    private sealed record Corner(ProductionServer Server, StorageServer Storage, Schedule Idle, Schedule Running, BackupPoint Point);

    /// <summary>Two corners: one the scoped operator sees, one outside their scope; a viewer with page permissions only.</summary>
    private sealed class World : IAsyncDisposable
    {
        private World(DomainTestContext context) => Context = context;

        public DomainTestContext Context { get; }

        public User Admin { get; private set; } = null!;

        public User Viewer { get; private set; } = null!;

        public User Scoped { get; private set; } = null!;

        public Corner InScope { get; private set; } = null!;

        public Corner OutOfScope { get; private set; } = null!;

        public InventoryAdministration Inventory => Context.GetScoped<InventoryAdministration>();

        public ScheduleService Schedules => Context.GetScoped<ScheduleService>();

        public PointService Points => Context.GetScoped<PointService>();

        public static async Task<World> CreateAsync()
        {
            var world = new World(await DomainTestContext.CreateAsync());
            await world.ArrangeAsync();
            return world;
        }

        public async Task<int> AuditCountAsync()
        {
            await using var db = await Context.DbAsync();
            return await db.AuditEntries.CountAsync();
        }

        public async Task<AuditEntry> LastAuditAsync()
        {
            await using var db = await Context.DbAsync();
            return await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        }

        public ValueTask DisposeAsync() => Context.DisposeAsync();

        private async Task ArrangeAsync()
        {
            Admin = await Context.BootstrapAsync();
            InScope = await CornerAsync("srv-01", "srv-store-1");
            OutOfScope = await CornerAsync("srv-02", "srv-store-2");
            Viewer = await Context.CreateUserAsync("viewer", await Context.CreateRoleAsync("Viewer",
                Permissions.ViewServersPage, Permissions.ViewStoragesPage, Permissions.ViewSchedulesPage, Permissions.ViewPointsPage));
            var everything = Permissions.All.Where(p => p.Area is PermissionArea.Servers or PermissionArea.Storages or PermissionArea.Schedules or PermissionArea.Points)
                .Select(p => p.Key).ToArray();
            Scoped = await Context.CreateUserAsync("operator", await Context.CreateRoleAsync("Operator", everything),
                BackupWorld.ScopeOf([InScope.Server], [InScope.Storage]));
        }

        private async Task<Corner> CornerAsync(string serverName, string storageName)
        {
            var server = await Context.CreateServerAsync(serverName);
            var storage = await Context.CreateStorageAsync(storageName);
            var idle = await Context.CreateScheduleAsync(server, storage, $"{serverName} files", [(DateTime.UtcNow.AddDays(-1), JobStatus.Completed)]);
            var running = await BackupWorld.CreateScheduleAsync(Context, server, storage, $"{serverName} running");
            await using var db = await Context.DbAsync();
            var tracked = await db.Schedules.SingleAsync(s => s.Id == running.Id);
            db.JobLogs.Add(tracked.StartJob(DateTime.UtcNow, "Started on schedule."));
            await db.SaveChangesAsync();
            var point = await db.BackupPoints.AsNoTracking().FirstAsync(p => p.ScheduleId == idle.Id);
            var fresh = await db.Schedules.AsNoTracking().SingleAsync(s => s.Id == idle.Id);
            return new Corner(
                await db.ProductionServers.AsNoTracking().SingleAsync(s => s.Id == server.Id),
                await db.StorageServers.AsNoTracking().SingleAsync(s => s.Id == storage.Id),
                fresh,
                await db.Schedules.AsNoTracking().SingleAsync(s => s.Id == running.Id),
                point);
        }
    }
}
