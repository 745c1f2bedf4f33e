using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Access;

/// <summary>Impact before saving: who gains and loses what, shown before Save and recomputed at it.</summary>
public sealed class ImpactTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;
    private ActingUser _admin = null!;
    private BackupWorld _world = null!;
    private Role _operator = null!;
    private Role _other = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        _admin = DomainTestContext.As(await _context.BootstrapAsync());
        _world = await BackupWorld.CreateAsync(_context, servers: 3, storages: 1, prefix: "im");
        _operator = await _context.CreateRoleAsync("Operator", Permissions.ViewSchedulesPage, Permissions.RunSchedule);
        _other = await _context.CreateRoleAsync("Other", Permissions.ViewSchedulesPage, Permissions.RunSchedule);
        foreach (var name in new[] { "carol", "alice", "bob" })
        {
            await _context.CreateUserAsync(name, _operator);
        }

        await _context.CreateUserAsync("dave", _other);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private RoleAdministration Roles => _context.GetScoped<RoleAdministration>();

    private UserAdministration Users => _context.GetScoped<UserAdministration>();

    private async Task<UpdateRoleInput> EditOperatorAsync(params string[] permissions)
    {
        var details = (await Roles.GetAsync(_admin, _operator.Id)).Value;
        return new UpdateRoleInput { RoleId = details.Id, Name = details.Name, Description = details.Description, ConcurrencyStamp = details.ConcurrencyStamp, Permissions = [.. permissions] };
    }

    [Fact]
    public async Task GetImpactAsync_RoleHeldByThreeUsers_ReportsExactlyThoseThree()
    {
        var impact = (await Roles.GetImpactAsync(_admin, _operator.Id, [Permissions.ViewSchedulesPage, Permissions.DeleteServers])).Value;

        impact.Holders.ShouldBe(3);
        impact.UserNames.ShouldBe(["alice", "bob", "carol"]);
        impact.Removed.ShouldBe([Permissions.RunSchedule]);
        impact.Added.ShouldBe([Permissions.DeleteServers, Permissions.ViewServersPage]);
        impact.Describe().ShouldBe("Saving removes run_schedule from 3 users (alice, bob, carol) and adds delete_servers, view_servers_page to 3 users.");
    }

    [Fact]
    public async Task UpdateAsync_WhenTheImpactChangedSinceItWasShown_IsRefusedWithTheNewImpact_AndSavesOnceConfirmed()
    {
        var input = await EditOperatorAsync(Permissions.ViewSchedulesPage);
        input.ConfirmedImpact = (await Roles.GetImpactAsync(_admin, _operator.Id, input.Permissions)).Value.Fingerprint;

        // Meanwhile dave is given the role: saving would now remove run_schedule from four people.
        await using (var db = await _context.DbAsync())
        {
            var dave = await db.Users.SingleAsync(u => u.UserName == "dave");
            dave.ChangeRole(_operator.Id);
            await db.SaveChangesAsync();
        }

        var before = await _context.SnapshotWithoutAuditAsync();
        var refused = await Roles.UpdateAsync(_admin, input);

        refused.Error!.Code.ShouldBe(RoleRules.ImpactChangedCode);
        refused.Error.Message.ShouldContain("removes run_schedule from 4 users (alice, bob, carol and 1 more)");
        (await _context.SnapshotWithoutAuditAsync()).ShouldBe(before);

        input.ConfirmedImpact = (await Roles.GetImpactAsync(_admin, _operator.Id, input.Permissions)).Value.Fingerprint;
        (await Roles.UpdateAsync(_admin, input)).Succeeded.ShouldBeTrue();
        (await Roles.GetAsync(_admin, _operator.Id)).Value.Permissions.ShouldNotContain(Permissions.RunSchedule);
    }

    [Fact]
    public async Task GetChangeImpactAsync_NarrowerScopeAndRicherRole_NamesLostServersWithTheirSchedulesAndPoints()
    {
        var alice = await _context.CreateUserAsync("alice2", _operator, BackupWorld.ScopeOf(_world.Servers.Take(2)));
        var richer = await _context.CreateRoleAsync("Richer", Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.ViewServersPage, Permissions.DeleteServers);
        var input = await EditFormOfAsync(alice.Id);
        input.RoleId = richer.Id;
        input.ProductionServerIds = [_world.Servers[0].Id];

        var impact = (await Users.GetChangeImpactAsync(_admin, input)).Value;

        var rows = await BackupWorld.LoadAllAsync(_context);
        var lost = rows.Schedules.Where(s => s.ProductionServerId == _world.Servers[1].Id).Select(s => s.Id).ToHashSet();
        var points = rows.Points.Count(p => lost.Contains(p.ScheduleId));
        points.ShouldBeGreaterThan(0);
        impact.Describe().ShouldBe($"alice2 will lose access to im-02 ({lost.Count} schedule, {points} backup points) and gain delete_servers and view_servers_page.");
    }

    [Fact]
    public async Task UpdateAsync_UserWhenTheNewRoleChangedSinceTheImpactWasShown_IsRefused()
    {
        var user = await _context.CreateUserAsync("erin", _other);
        var input = await EditFormOfAsync(user.Id);
        input.RoleId = _operator.Id;
        input.ConfirmedImpact = (await Users.GetChangeImpactAsync(_admin, input)).Value.Fingerprint;
        var edit = await EditOperatorAsync(Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule);
        (await Roles.UpdateAsync(_admin, edit)).Succeeded.ShouldBeTrue();

        var refused = await Users.UpdateAsync(_admin, input);

        refused.Error!.Code.ShouldBe(UserRules.ImpactChangedCode);
        refused.Error.Message.ShouldContain("erin will gain stop_schedule");
        input.ConfirmedImpact = (await Users.GetChangeImpactAsync(_admin, input)).Value.Fingerprint;
        (await Users.UpdateAsync(_admin, input)).Succeeded.ShouldBeTrue();
    }

    private async Task<UpdateUserInput> EditFormOfAsync(Guid userId)
    {
        var details = (await Users.GetAsync(_admin, userId)).Value;
        return new UpdateUserInput
        {
            UserId = details.Id,
            ConcurrencyStamp = details.ConcurrencyStamp,
            UserName = details.UserName,
            Email = details.Email,
            RoleId = details.RoleId,
            ProductionServerIds = [.. details.ProductionServers.Select(s => s.Id)],
            StorageServerIds = [.. details.StorageServers.Select(s => s.Id)],
        };
    }
}
