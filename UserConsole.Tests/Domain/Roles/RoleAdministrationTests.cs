using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Roles;

public sealed class RoleAdministrationTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync() => _w = await AdminWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private static ActingUser As(User user) => DomainTestContext.As(user);

    [Fact]
    public async Task CreateAsync_WithAnActionKey_AddsThePagePermissionItImplies()
    {
        var id = (await _w.Roles.CreateAsync(As(_w.Admin), new RoleInput { Name = " Night shift ", Permissions = [Permissions.RunSchedule, Permissions.EditUserRoles] })).Value;

        var role = (await _w.Roles.GetAsync(As(_w.Admin), id)).Value;
        role.Name.ShouldBe("Night shift");
        role.Permissions.ShouldBe([Permissions.RunSchedule, Permissions.ViewSchedulesPage, Permissions.EditUserRoles, Permissions.ViewUsersPage], ignoreOrder: true);
        _w.Context.Changes.Published[^1].ShouldBe(new DomainChange(ChangeKind.Role, id.ToString(), ChangeAction.Created));
    }

    [Fact]
    public async Task DeleteAsync_RoleHeldByThreeUsers_IsRefusedNamingTheCount()
    {
        await _w.Context.CreateUserAsync("third-operator", _w.OperatorRole);
        var stamp = (await _w.Roles.GetAsync(As(_w.Admin), _w.OperatorRole.Id)).Value.ConcurrencyStamp;

        var result = await _w.Roles.DeleteAsync(As(_w.Admin), _w.OperatorRole.Id, stamp);

        result.Succeeded.ShouldBeFalse();
        result.Error!.Code.ShouldBe("role.in_use");
        result.Error.Message.ShouldBe("Role 'Operator' is assigned to 3 users");
        await using var db = await _w.Context.DbAsync();
        (await db.Roles.AnyAsync(r => r.Id == _w.OperatorRole.Id)).ShouldBeTrue();
    }

    [Fact]
    public async Task DeleteAsync_FirstAdminRole_IsRefusedEvenForTheFirstAdmin()
    {
        var stamp = (await _w.Roles.GetAsync(As(_w.Admin), _w.AdministratorRole.Id)).Value.ConcurrencyStamp;

        var result = await _w.Roles.DeleteAsync(As(_w.Admin), _w.AdministratorRole.Id, stamp);

        result.Error!.Message.ShouldBe("The first admin role cannot be deleted.");
    }

    [Fact]
    public async Task ListAsync_ShowsEveryRoleWithPermissionAndUserCounts_FirstAdminRoleFirst()
    {
        var roles = (await _w.Roles.ListAsync(As(_w.Viewer))).Value;

        roles[0].Name.ShouldBe("Administrator");
        roles[0].IsFirstAdminRole.ShouldBeTrue();
        roles[0].PermissionCount.ShouldBe(Permissions.All.Count);
        roles[0].UserCount.ShouldBe(2);
        var operators = roles.Single(r => r.Name == AdminWorld.OperatorRoleName);
        operators.PermissionCount.ShouldBe(2);
        operators.UserCount.ShouldBe(2);
        roles.Single(r => r.Name == "Unused").UserCount.ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_FirstAdminRole_CannotBeEditedOrDeleted_WithTheReason()
    {
        var role = (await _w.Roles.GetAsync(As(_w.Admin), _w.AdministratorRole.Id)).Value;

        role.Permissions.Count.ShouldBe(Permissions.All.Count);
        role.Edit.ShouldBe(new Capability(false, "The first admin role always has every permission and cannot be changed or deleted."));
        role.Delete.Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task UpdateAsync_RemovingAPermission_IsFeltByEveryHolderAtTheirNextOperation()
    {
        var edit = (await _w.Roles.GetAsync(As(_w.Admin), _w.OperatorRole.Id)).Value;

        var result = await _w.Roles.UpdateAsync(As(_w.Admin), new UpdateRoleInput
        {
            RoleId = edit.Id,
            ConcurrencyStamp = edit.ConcurrencyStamp,
            Name = edit.Name,
            Description = "Reads schedules only",
            Permissions = [Permissions.ViewSchedulesPage],
        });

        result.Succeeded.ShouldBeTrue();
        await using var db = await _w.Context.DbAsync();
        var actor = await ActorLoader.LoadAsync(db, _w.OperatorWide.Id);
        actor!.Has(Permissions.RunSchedule).ShouldBeFalse();
        actor.Has(Permissions.ViewSchedulesPage).ShouldBeTrue();
        var fields = ChangeSet.Parse((await _w.AuditAsync())[^1].Changes);
        fields["Permissions"].Before.ShouldBe("run_schedule, view_schedules_page");
        fields["Permissions"].After.ShouldBe("view_schedules_page");
    }

    [Fact]
    public async Task UpdateAsync_ByAnActorLackingSomeOfTheRolesPermissions_KeepsThemUntouched()
    {
        // The manager may toggle only what they hold; delete_servers (which they lack) must stay as it is.
        var role = (await _w.Roles.GetAsync(As(_w.Admin), _w.ServerAdminRole.Id)).Value;

        var result = await _w.Roles.UpdateAsync(As(_w.Manager), new UpdateRoleInput
        {
            RoleId = role.Id,
            ConcurrencyStamp = role.ConcurrencyStamp,
            Name = "Server admins",
            Permissions = [.. role.Permissions, Permissions.RunSchedule],
        });

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        (await _w.Roles.GetAsync(As(_w.Admin), role.Id)).Value.Permissions.ShouldContain(Permissions.DeleteServers);
    }

    [Fact]
    public async Task Bootstrap_WhenTheFirstAdminRoleMissesAKey_RestoresTheWholeCatalog()
    {
        await using (var db = await _w.Context.DbAsync())
        {
            await db.RolePermissions.Where(p => p.RoleId == _w.AdministratorRole.Id && p.Key == Permissions.EditSettings).ExecuteDeleteAsync();
        }

        await _w.Context.GetScoped<Installation>().BootstrapAsync();

        await using var check = await _w.Context.DbAsync();
        (await check.RolePermissions.CountAsync(p => p.RoleId == _w.AdministratorRole.Id)).ShouldBe(Permissions.All.Count);
        (await check.Users.CountAsync()).ShouldBe(7, "a bootstrap over existing users creates none");
    }

    [Fact]
    public async Task FailedOperations_AreAuditedWithTheirCode_AndActor()
    {
        await _w.Roles.CreateAsync(As(_w.Support), new RoleInput { Name = "Sneaky", Permissions = [Permissions.DeleteUsers] });

        var entry = (await _w.AuditAsync())[^1];
        entry.Outcome.ShouldBe(AuditOutcome.Refused);
        entry.ErrorCode.ShouldBe("permission.denied");
        entry.ActorUserName.ShouldBe("support");
        entry.ActorCompany.ShouldBe("Helpdesk Ltd");
        entry.Action.ShouldBe("role.create");
        ChangeSet.Parse(entry.Changes)["Name"].After.ShouldBe("Sneaky");
    }
}
