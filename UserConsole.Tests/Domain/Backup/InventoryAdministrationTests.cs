using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

public sealed class InventoryAdministrationTests : IAsyncLifetime
{
    private DomainTestContext _ctx = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _ctx = await DomainTestContext.CreateAsync();

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private InventoryAdministration Admin => _ctx.GetScoped<InventoryAdministration>();

    private static ServerInput Server(string name, string host = "web-01.example.test") =>
        new() { Name = name, Host = host, OperatingSystem = "Debian 12", Status = ServerStatus.Online };

    [Fact]
    public async Task CreateServerAsync_WithPermission_CreatesAuditsAndPublishes()
    {
        var admin = await _ctx.BootstrapAsync();

        var result = await Admin.CreateServerAsync(DomainTestContext.As(admin), Server("web-01"), Token);

        result.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var server = await db.ProductionServers.SingleAsync(Token);
        server.Id.ShouldBe(result.Value);
        server.Host.ShouldBe("web-01.example.test");
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "server.create", Token);
        audit.TargetId.ShouldBe(result.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        _ctx.Changes.Published.ShouldContain(c => c.Kind == ChangeKind.ProductionServer && c.Action == ChangeAction.Created);
    }

    [Theory]
    [InlineData("server")]
    [InlineData("storage")]
    public async Task Create_ByAUserLimitedToChosenServersOrStorages_IsRefused_SoNothingAppearsOutsideTheirAccess(string kind)
    {
        await _ctx.BootstrapAsync();
        var web = await _ctx.CreateServerAsync("web-01");
        var nas = await _ctx.CreateStorageAsync("nas-01");
        var role = await _ctx.CreateRoleAsync("Builders", Permissions.CreateServers, Permissions.CreateStorages);
        var scope = kind == "server"
            ? new AccessScope(ResourceScope.Chosen([web.Id]), ResourceScope.Everything)
            : new AccessScope(ResourceScope.Everything, ResourceScope.Chosen([nas.Id]));
        var builder = await _ctx.CreateUserAsync("builder", role, scope);
        var before = await _ctx.SnapshotWithoutAuditAsync();

        var error = kind == "server"
            ? (await Admin.CreateServerAsync(DomainTestContext.As(builder), Server("web-02", "web-02.example.test"), Token)).Error
            : (await Admin.CreateStorageAsync(DomainTestContext.As(builder), new StorageInput { Name = "nas-02", Kind = StorageKind.Linux, CapacityGigabytes = 10_000 }, Token)).Error;

        error!.Code.ShouldBe($"{kind}.create_outside_scope");
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateServerAsync_WithoutCreateServers_IsRefusedNamingIt_AndChangesNothing()
    {
        await _ctx.BootstrapAsync();
        var viewer = await _ctx.CreateUserAsync("viewer", await _ctx.CreateRoleAsync("Viewer", Permissions.ViewServersPage));
        var before = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Admin.CreateServerAsync(DomainTestContext.As(viewer), Server("web-01"), Token);

        result.Error!.Code.ShouldBe("permission.denied");
        result.Error.Message.ShouldContain(Permissions.CreateServers);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(before);
        await using var db = await _ctx.DbAsync();
        (await db.AuditEntries.SingleAsync(a => a.Action == "server.create", Token)).Outcome.ShouldBe(AuditOutcome.Refused);
        _ctx.Changes.Published.ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateServerAsync_NameTakenInAnotherCase_IsRefusedAtName()
    {
        var admin = await _ctx.BootstrapAsync();
        await _ctx.CreateServerAsync("Web-01");

        var result = await Admin.CreateServerAsync(DomainTestContext.As(admin), Server("web-01"), Token);

        result.Error!.Code.ShouldBe("server.name_taken");
        result.Error.Property.ShouldBe("Name");
    }

    [Fact]
    public async Task Database_SameNameInAnotherCase_IsRefusedByTheUniqueIndex()
    {
        await _ctx.CreateServerAsync("web-01");
        await _ctx.CreateStorageAsync("nas-01");

        await Should.ThrowAsync<DbUpdateException>(() => _ctx.CreateServerAsync("WEB-01"));
        await Should.ThrowAsync<DbUpdateException>(() => _ctx.CreateStorageAsync("Nas-01"));
    }

    [Theory]
    [InlineData("", "web-01", "Name")]
    [InlineData(" web-01", "web-01", "Name")]
    [InlineData("web-01", "not a host", "Host")]
    [InlineData("web-01", "-bad-.example", "Host")]
    public async Task CreateServerAsync_InvalidInput_IsRefusedAtTheField(string name, string host, string property)
    {
        var admin = await _ctx.BootstrapAsync();

        var result = await Admin.CreateServerAsync(DomainTestContext.As(admin), Server(name, host), Token);

        result.Error!.Property.ShouldBe(property);
        await using var db = await _ctx.DbAsync();
        (await db.ProductionServers.CountAsync(Token)).ShouldBe(0);
    }

    [Fact]
    public async Task UpdateServerAsync_ServerOutsideScope_IsNotFound()
    {
        await _ctx.BootstrapAsync();
        var mine = await _ctx.CreateServerAsync("mine");
        var other = await _ctx.CreateServerAsync("other");
        var editor = await _ctx.CreateUserAsync("editor", await _ctx.CreateRoleAsync("Editor", Permissions.EditServers), BackupWorld.ScopeOf([mine]));

        var result = await Admin.UpdateServerAsync(DomainTestContext.As(editor), other.Id,
            new ServerInput { Name = "renamed", Host = other.Host, OperatingSystem = other.OperatingSystem, ConcurrencyStamp = other.ConcurrencyStamp }, Token);

        result.Error.ShouldBe(BackupRules.ServerNotFound);
    }

    [Fact]
    public async Task UpdateServerAsync_StaleStamp_IsRefused_AndCurrentStampSucceeds()
    {
        var admin = await _ctx.BootstrapAsync();
        var server = await _ctx.CreateServerAsync("web-01");
        var input = new ServerInput { Name = "web-01b", Host = server.Host, OperatingSystem = "Debian 13", ConcurrencyStamp = "old" };

        var stale = await Admin.UpdateServerAsync(DomainTestContext.As(admin), server.Id, input, Token);
        input.ConcurrencyStamp = server.ConcurrencyStamp;
        var current = await Admin.UpdateServerAsync(DomainTestContext.As(admin), server.Id, input, Token);

        stale.Error.ShouldBe(BackupRules.StaleServer);
        current.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var saved = await db.ProductionServers.SingleAsync(Token);
        saved.Name.ShouldBe("web-01b");
        saved.ConcurrencyStamp.ShouldNotBe(server.ConcurrencyStamp);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "server.update" && a.Outcome == AuditOutcome.Succeeded, Token);
        ChangeSet.Parse(audit.Changes).Keys.ShouldBe(["Name", "OperatingSystem"], ignoreOrder: true);
    }

    [Fact]
    public async Task DeleteServerAsync_InSomeonesChosenScope_KeepsTheirScopeChosen()
    {
        var admin = await _ctx.BootstrapAsync();
        var a = await _ctx.CreateServerAsync("a");
        var b = await _ctx.CreateServerAsync("b");
        await _ctx.CreateServerAsync("c");
        var viewer = await _ctx.CreateUserAsync("viewer", await _ctx.CreateRoleAsync("Viewer", Permissions.ViewServersPage), BackupWorld.ScopeOf([a, b]));
        var queries = _ctx.GetScoped<InventoryQueries>();

        (await Admin.DeleteServerAsync(DomainTestContext.As(admin), a.Id, Token)).Succeeded.ShouldBeTrue();
        var afterOne = await queries.ListServersAsync(DomainTestContext.As(viewer), new PageRequest(0, 50), Token);
        (await Admin.DeleteServerAsync(DomainTestContext.As(admin), b.Id, Token)).Succeeded.ShouldBeTrue();
        var afterBoth = await queries.ListServersAsync(DomainTestContext.As(viewer), new PageRequest(0, 50), Token);

        afterOne.Value.Items.Select(s => s.Name).ShouldBe(["b"]);
        afterBoth.Value.Items.ShouldBeEmpty();
        afterBoth.Value.TotalCount.ShouldBe(0);
        afterBoth.Value.Scope.Describe(storages: false).ShouldBe("Your access is limited to 0 production servers.");
        await using var db = await _ctx.DbAsync();
        var stored = await db.Users.Include(u => u.ProductionServers).SingleAsync(u => u.Id == viewer.Id, Token);
        stored.ProductionServerScope.ShouldBe(ScopeMode.Chosen);
        stored.ProductionServers.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteServerAsync_RemovesItsSchedulesPointsAndLogs_AndPublishesThem()
    {
        var admin = await _ctx.BootstrapAsync();
        var world = await BackupWorld.CreateAsync(_ctx, servers: 2, storages: 1);
        var doomed = world.Servers[0];

        var result = await Admin.DeleteServerAsync(DomainTestContext.As(admin), doomed.Id, Token);

        result.Succeeded.ShouldBeTrue();
        var all = await BackupWorld.LoadAllAsync(_ctx);
        all.Servers.Select(s => s.Id).ShouldBe([world.Servers[1].Id]);
        all.Schedules.ShouldAllBe(s => s.ProductionServerId == world.Servers[1].Id);
        all.JobLogs.Select(j => j.ScheduleId).Distinct().ShouldBe(all.Schedules.Select(s => s.Id));
        all.Points.ShouldAllBe(p => all.Schedules.Any(s => s.Id == p.ScheduleId));
        _ctx.Changes.Published.ShouldContain(c => c.Kind == ChangeKind.ProductionServer && c.Action == ChangeAction.Deleted);
        _ctx.Changes.Published.ShouldContain(c => c.Kind == ChangeKind.Schedule && c.Action == ChangeAction.Deleted);
    }

    [Fact]
    public async Task DeleteServerAsync_WithoutDeleteServers_IsRefusedNamingIt()
    {
        await _ctx.BootstrapAsync();
        var server = await _ctx.CreateServerAsync("web-01");
        var editor = await _ctx.CreateUserAsync("editor", await _ctx.CreateRoleAsync("Editor", Permissions.EditServers));

        var result = await Admin.DeleteServerAsync(DomainTestContext.As(editor), server.Id, Token);

        result.Error!.Message.ShouldContain(Permissions.DeleteServers);
        await using var db = await _ctx.DbAsync();
        (await db.ProductionServers.CountAsync(Token)).ShouldBe(1);
    }

    [Fact]
    public async Task CreateStorageAsync_WithPermission_StoresCapacityInBytes()
    {
        var admin = await _ctx.BootstrapAsync();

        var result = await Admin.CreateStorageAsync(DomainTestContext.As(admin), new StorageInput { Name = "cloud-1", Kind = StorageKind.Cloud, CapacityGigabytes = 2_000 }, Token);

        result.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var storage = await db.StorageServers.SingleAsync(Token);
        storage.CapacityBytes.ShouldBe(2_000_000_000_000);
        storage.UsedBytes.ShouldBe(0);
        storage.Kind.ShouldBe(StorageKind.Cloud);
    }

    [Fact]
    public async Task CreateStorageAsync_ZeroCapacity_IsRefusedAtCapacity()
    {
        var admin = await _ctx.BootstrapAsync();

        var result = await Admin.CreateStorageAsync(DomainTestContext.As(admin), new StorageInput { Name = "cloud-1", CapacityGigabytes = 0 }, Token);

        result.Error!.Property.ShouldBe(nameof(StorageInput.CapacityGigabytes));
    }

    [Fact]
    public async Task DeleteStorageAsync_InSomeonesChosenScope_KeepsTheirScopeChosen()
    {
        var admin = await _ctx.BootstrapAsync();
        var one = await _ctx.CreateStorageAsync("one");
        await _ctx.CreateStorageAsync("two");
        var viewer = await _ctx.CreateUserAsync("viewer", await _ctx.CreateRoleAsync("Viewer", Permissions.ViewStoragesPage),
            new AccessScope(ResourceScope.Everything, ResourceScope.Chosen([one.Id])));

        (await Admin.DeleteStorageAsync(DomainTestContext.As(admin), one.Id, Token)).Succeeded.ShouldBeTrue();
        var seen = await _ctx.GetScoped<InventoryQueries>().ListStoragesAsync(DomainTestContext.As(viewer), new PageRequest(0, 50), Token);

        seen.Value.Items.ShouldBeEmpty();
        seen.Value.Scope.StorageServers.ShouldBe(0);
    }
}
