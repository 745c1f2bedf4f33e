using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using UserConsole.Domain.Access;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Roles;

/// <summary>"Current user roles": the list, its actions per permission, and deleting with the service's refusals.</summary>
public sealed class RolesSectionTests : RolesTestContext
{
    private User _viewer = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _viewer = await Domain.CreateUserAsync("viewer", await Domain.CreateRoleAsync("Viewer", Permissions.ViewUsersPage));
    }

    private IEnumerable<(string Message, Severity Severity)> ShownSnackbars =>
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => (s.Message ?? "", s.Severity));

    [Fact]
    public void List_ShowsEveryRoleWithItsCounts_AndTheBuiltInBadgeOnTheFirstAdminRole()
    {
        SignInAsAdmin();

        var section = RenderSection();

        var rows = section.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(5);
        rows[0].ShouldContain("Administrator");
        rows[0].ShouldContain("Built-in");
        rows[0].ShouldContain("32 of 32");
        rows[0].ShouldContain("1 user");
        var operatorRow = rows.Single(r => r.Contains("Operator", StringComparison.Ordinal));
        operatorRow.ShouldContain("2 of 32");
        operatorRow.ShouldContain("3 users");
        operatorRow.ShouldNotContain("Built-in");
        rows.Single(r => r.Contains("Unused", StringComparison.Ordinal)).ShouldContain("No users");
        section.FindAll(".mud-chip").ShouldHaveSingleItem().TextContent.Trim().ShouldBe("Built-in");
    }

    [Fact]
    public void UsersLink_AsksThePageToShowTheUsersOfThatRole()
    {
        SignInAsAdmin();
        Guid? shown = null;
        var section = RenderSection(id => shown = id);

        Button(section, "3 users with role Operator: show them").Click();

        shown.ShouldBe(OperatorRole.Id);
    }

    [Fact]
    public void CreateButton_WithoutCreateUserRole_IsDisabledWithTheReason()
    {
        SignIn(_viewer, [Permissions.ViewUsersPage]);
        var section = RenderSection();

        var create = section.FindAll("button").Single(b => b.TextContent.Trim() == "Create user role");

        create.HasAttribute("disabled").ShouldBeTrue();
        create.GetAttribute("aria-description").ShouldBe("You need the create_user_role permission");
        create.Closest(".mud-tooltip-root")!.TriggerEvent("onpointerenter", new PointerEventArgs());
        Popovers.WaitForAssertion(() => Popovers.Markup.ShouldContain("You need the create_user_role permission"));
    }

    [Fact]
    public void Actions_FollowThePermissions_ViewOnlyWithoutEditAndNoDeleteWithoutDelete()
    {
        SignIn(_viewer, [Permissions.ViewUsersPage]);

        var section = RenderSection();

        section.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Edit");
        section.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Delete");
        section.FindAll("button").Count(b => b.TextContent.Trim() == "View").ShouldBe(5);
    }

    [Fact]
    public void View_WithoutEditUserRoles_OpensTheRoleReadOnlyWithTheReason()
    {
        SignIn(_viewer, [Permissions.ViewUsersPage]);
        var section = RenderSection();

        OpenMatrix(section, "View role Operator");

        Dialogs.Markup.ShouldContain("You need the edit_user_roles permission.");
        CheckedKeys().ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule], ignoreOrder: true);
        Dialogs.FindAll("input[type=checkbox]").ShouldAllBe(b => b.HasAttribute("disabled"));
    }

    [Fact]
    public async Task Create_ThroughTheMatrix_AddsTheRoleAndSaysSo()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Dialogs.InputByLabel("Role name").Input("Night shift");
        Dialogs.InputByLabel("Description").Input("Runs and stops backups at night");
        Box(Permissions.RunSchedule).Change(true);
        Box(Permissions.StopSchedule).Change(true);
        Button(Dialogs, "Save").Click();

        Dialogs.WaitForAssertion(() => Dialogs.FindAll("[role=dialog]").ShouldBeEmpty());
        ShownSnackbars.ShouldContain(("Role 'Night shift' created", Severity.Success));
        section.WaitForAssertion(() => section.FindAll("tbody tr").ShouldContain(r => r.TextContent.Contains("Night shift", StringComparison.Ordinal)));
        var role = await ReloadRoleAsync("Night shift");
        role.Description.ShouldBe("Runs and stops backups at night");
        role.PermissionKeys.ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule], ignoreOrder: true);
    }

    [Fact]
    public async Task Edit_OpensTheRoleFilledIn_AndSavesTheChange()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Edit role Operator");
        Dialogs.InputByLabel("Role name").GetAttribute("value").ShouldBe("Operator");
        CheckedKeys().ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule], ignoreOrder: true);

        Box(Permissions.RunSchedule).Change(false);
        Box(Permissions.DownloadPoints).Change(true);
        Button(Dialogs, "Save").Click();

        Dialogs.WaitForAssertion(() => Dialogs.FindAll("[role=dialog]").ShouldBeEmpty());
        ShownSnackbars.ShouldContain(("Role 'Operator' saved", Severity.Success));
        (await ReloadRoleAsync("Operator")).PermissionKeys
            .ShouldBe([Permissions.ViewSchedulesPage, Permissions.ViewPointsPage, Permissions.DownloadPoints], ignoreOrder: true);
    }

    [Fact]
    public async Task Delete_RoleInUse_IsRefusedWithTheCount_AndNothingChanges()
    {
        SignInAsAdmin();
        var section = RenderSection();
        var before = await Domain.SnapshotWithoutAuditAsync();

        Button(section, "Delete role Operator").Click();

        section.WaitForAssertion(() => ShownSnackbars.ShouldContain(("Role 'Operator' is assigned to 3 users", Severity.Error)));
        Dialogs.FindAll("[role=dialog]").ShouldBeEmpty();
        (await Domain.SnapshotWithoutAuditAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Delete_FirstAdminRole_IsRefused()
    {
        SignInAsAdmin();
        var section = RenderSection();
        var before = await Domain.SnapshotWithoutAuditAsync();

        Button(section, "Delete role Administrator").Click();

        section.WaitForAssertion(() => ShownSnackbars.ShouldContain(("The first admin role cannot be deleted.", Severity.Error)));
        (await Domain.SnapshotWithoutAuditAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Delete_UnusedRole_AfterConfirmationNamingIt_RemovesTheRow()
    {
        SignInAsAdmin();
        var section = RenderSection();

        Button(section, "Delete role Unused").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Markup.ShouldContain("Delete role 'Unused'?"));
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        section.WaitForAssertion(() => section.FindAll("tbody tr").ShouldNotContain(r => r.TextContent.Contains("Unused", StringComparison.Ordinal)));
        ShownSnackbars.ShouldContain(("Role 'Unused' deleted", Severity.Success));
        await using var db = await Domain.DbAsync();
        (await db.Roles.AnyAsync(r => r.Id == UnusedRole.Id, Xunit.TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task Delete_Cancelled_KeepsTheRole()
    {
        SignInAsAdmin();
        var section = RenderSection();

        Button(section, "Delete role Unused").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Markup.ShouldContain("Delete role 'Unused'?"));
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        Dialogs.WaitForAssertion(() => Dialogs.FindAll("[role=dialog]").ShouldBeEmpty());
        await using var db = await Domain.DbAsync();
        (await db.Roles.AnyAsync(r => r.Id == UnusedRole.Id, Xunit.TestContext.Current.CancellationToken)).ShouldBeTrue();
        ShownSnackbars.ShouldBeEmpty();
    }

    [Fact]
    public async Task List_FollowsChangesMadeInOtherSessions()
    {
        SignInAsAdmin();
        var section = RenderSection();
        var created = await Domain.GetScoped<RoleAdministration>().CreateAsync(
            DomainTestContext.As(Admin), new RoleInput { Name = "Auditor", Permissions = [Permissions.ViewActivityLog] }, Xunit.TestContext.Current.CancellationToken);

        Feed.Publish(new DomainChange(ChangeKind.Role, created.Value.ToString(), ChangeAction.Created, "another-session"));

        section.WaitForAssertion(() => section.FindAll("tbody tr").ShouldContain(r => r.TextContent.Contains("Auditor", StringComparison.Ordinal)), TimeSpan.FromSeconds(5));
    }
}
