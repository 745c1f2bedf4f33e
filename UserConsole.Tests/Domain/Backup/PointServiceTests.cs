using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

public sealed class PointServiceTests : IAsyncLifetime
{
    private DomainTestContext _ctx = null!;
    private BackupWorld _world = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private PointService Points => _ctx.GetScoped<PointService>();

    public async ValueTask InitializeAsync()
    {
        _ctx = await DomainTestContext.CreateAsync();
        await _ctx.BootstrapAsync();
        _world = await BackupWorld.CreateAsync(_ctx, servers: 2, storages: 1);
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private async Task<User> UserAsync(string name, AccessScope? scope, params string[] permissions) =>
        await _ctx.CreateUserAsync(name, await _ctx.CreateRoleAsync($"{name} role", permissions), scope);

    private async Task<BackupPoint> PointOfAsync(BackupType type)
    {
        var all = await BackupWorld.LoadAllAsync(_ctx);
        var schedule = all.Schedules.First(s => s.Type == type);
        return all.Points.First(p => p.ScheduleId == schedule.Id);
    }

    [Fact]
    public async Task RequestDownloadAsync_WithPermission_RecordsTheRequestOnly()
    {
        var user = await UserAsync("downloader", null, Permissions.DownloadPoints);
        var point = await PointOfAsync(BackupType.Files);
        var before = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Points.RequestDownloadAsync(DomainTestContext.As(user), point.Id, Token);

        result.Succeeded.ShouldBeTrue();
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(before);
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "point.download", Token);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        audit.TargetId.ShouldBe(point.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit.ActorUserName.ShouldBe("downloader");
    }

    [Fact]
    public async Task RequestDownloadAsync_WithoutPermission_IsRefusedNamingIt()
    {
        var user = await UserAsync("viewer", null, Permissions.ViewPointsPage, Permissions.RestoreFiles);
        var point = await PointOfAsync(BackupType.Files);

        var result = await Points.RequestDownloadAsync(DomainTestContext.As(user), point.Id, Token);

        result.Error!.Message.ShouldContain(Permissions.DownloadPoints);
    }

    [Theory]
    [InlineData(RestoreKind.Files, BackupType.Files)]
    [InlineData(RestoreKind.Databases, BackupType.MySql)]
    [InlineData(RestoreKind.DisasterRecovery, BackupType.Files)]
    [InlineData(RestoreKind.DisasterRecovery, BackupType.MySql)]
    public async Task RequestRestoreAsync_EachKind_NeedsItsOwnPermission(RestoreKind kind, BackupType type)
    {
        var point = await PointOfAsync(type);
        var others = Enum.GetValues<RestoreKind>().Where(k => k != kind).Select(PointService.PermissionFor).Append(Permissions.DownloadPoints).ToArray();
        var without = await UserAsync("without", null, others);
        var with = await UserAsync("with", null, PointService.PermissionFor(kind));

        var refused = await Points.RequestRestoreAsync(DomainTestContext.As(without), point.Id, kind, Token);
        var allowed = await Points.RequestRestoreAsync(DomainTestContext.As(with), point.Id, kind, Token);

        refused.Error!.Message.ShouldContain(PointService.PermissionFor(kind));
        allowed.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task RequestRestoreAsync_DatabasesFromFilesPoint_IsRefused()
    {
        var user = await UserAsync("restorer", null, Permissions.RestoreDatabases);
        var point = await PointOfAsync(BackupType.Files);

        var result = await Points.RequestRestoreAsync(DomainTestContext.As(user), point.Id, RestoreKind.Databases, Token);

        result.Error!.Code.ShouldBe("restore.unsuitable");
    }

    [Fact]
    public async Task RequestDownloadAsync_PointOutsideScope_IsNotFound()
    {
        var point = await PointOfAsync(BackupType.Files);
        var all = await BackupWorld.LoadAllAsync(_ctx);
        var elsewhere = _world.Servers.Where(s => s.Id != all.Schedules.Single(x => x.Id == point.ScheduleId).ProductionServerId);
        var user = await UserAsync("scoped", BackupWorld.ScopeOf(elsewhere), Permissions.DownloadPoints);

        var result = await Points.RequestDownloadAsync(DomainTestContext.As(user), point.Id, Token);

        result.Error.ShouldBe(BackupRules.PointNotFound);
    }

    [Fact]
    public async Task ListPointsAsync_NewestFirst()
    {
        var user = await UserAsync("viewer", null, Permissions.ViewPointsPage);
        var point = await PointOfAsync(BackupType.Files);

        var result = await Points.ListPointsAsync(DomainTestContext.As(user), point.ScheduleId, Token);

        result.Value.Select(p => p.CreatedAt).ShouldBeInOrder(SortDirection.Descending);
    }
}
