using Bunit;
using Microsoft.AspNetCore.Components.Web;
using UserConsole.App.Components.Roles;
using UserConsole.Domain.Access;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Roles;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Roles;

/// <summary>The permissions matrix modal, opened from "Current user roles" as a person opens it, against the real
/// role service.</summary>
public sealed class RoleDialogTests : RolesTestContext
{
    private const string AllSchedules = "All Schedules permissions";

    [Fact]
    public void Matrix_RendersEveryCatalogKeyExactlyOnce_LabelledWithItsDisplayName()
    {
        SignInAsAdmin();
        var section = RenderSection();

        OpenMatrix(section, "Create user role");

        var boxes = Dialogs.FindAll("input[type=checkbox][id^='perm-']:not([id^='perm-all-'])");
        boxes.Select(b => b.GetAttribute("value")).ShouldBe(Permissions.All.Select(p => p.Key), ignoreOrder: true);
        boxes.Count.ShouldBe(Permissions.All.Count);
        foreach (var permission in Permissions.All)
        {
            var box = Box(permission.Key);
            box.ParentElement!.TagName.ShouldBe("LABEL");
            box.ParentElement.TextContent.Trim().ShouldBe(permission.DisplayName);
            Dialogs.Find($"#{box.GetAttribute("aria-describedby")}").TextContent.ShouldContain(permission.Key);
        }

        Dialogs.FindAll("tbody th[scope=row]").Count.ShouldBe(11);
        Dialogs.FindAll("thead th[scope=col]").Select(h => h.TextContent.Trim())
            .ShouldBe(["Area", "All", "View page", "Create", "Edit", "Delete", "Run", "Stop", "Download", "Restore", "Other"]);
        Dialogs.Markup.ShouldContain("0 of 32 permissions");
    }

    [Fact]
    public void RowToggle_ChecksTheWholeRow_ThenClearsIt()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Dialogs.Find($"input[aria-label='{AllSchedules}']").Change(true);

        CheckedKeys().ShouldBe(PermissionGrid.Rows.Single(r => r.Area == PermissionArea.Schedules).Keys, ignoreOrder: true);
        Dialogs.Markup.ShouldContain("6 of 32 permissions");
        Dialogs.Find($"input[aria-label='{AllSchedules}']").HasAttribute("checked").ShouldBeTrue();

        Dialogs.Find($"input[aria-label='{AllSchedules}']").Change(false);

        CheckedKeys().ShouldBeEmpty();
        Dialogs.Markup.ShouldContain("0 of 32 permissions");
    }

    [Fact]
    public void SelectAllAndClear_CheckAndUncheckEveryPermission()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Button(Dialogs, "Select all").Click();

        CheckedKeys().Count.ShouldBe(Permissions.All.Count);
        Dialogs.Markup.ShouldContain("32 of 32 permissions");
        Dialogs.FindAll("input[aria-label$=' permissions']").ShouldAllBe(t => t.HasAttribute("checked"));

        Button(Dialogs, "Clear").Click();

        CheckedKeys().ShouldBeEmpty();
    }

    [Fact]
    public void CheckingAnAction_ChecksItsPagePermission_AndLocksItWithTheReason()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Box(Permissions.RunSchedule).Change(true);

        CheckedKeys().ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule], ignoreOrder: true);
        var page = Box(Permissions.ViewSchedulesPage);
        page.HasAttribute("disabled").ShouldBeTrue();
        Dialogs.Find($"#{page.GetAttribute("aria-describedby")}").TextContent.ShouldContain("Needed by Run schedules");

        Box(Permissions.RunSchedule).Change(false);

        Box(Permissions.ViewSchedulesPage).HasAttribute("disabled").ShouldBeFalse();
        CheckedKeys().ShouldBe([Permissions.ViewSchedulesPage]);
    }

    [Fact]
    public void CheckingARolesPermission_ChecksAndLocksViewUsersPage()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Box(Permissions.DeleteUserRoles).Change(true);

        Box(Permissions.ViewUsersPage).HasAttribute("checked").ShouldBeTrue();
        Box(Permissions.ViewUsersPage).HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public void Filter_NarrowsRowsByAreaNameOrKey_AndSaysWhenNothingMatches()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Dialogs.InputByLabel("Filter permissions").Input("restore_");
        Dialogs.WaitForAssertion(() => Dialogs.FindAll("tbody th[scope=row]").Select(h => h.TextContent).ShouldHaveSingleItem().ShouldContain("Points"));

        Dialogs.InputByLabel("Filter permissions").Input("storages");
        Dialogs.WaitForAssertion(() => Dialogs.FindAll("tbody th[scope=row]").Select(h => h.TextContent).ShouldHaveSingleItem().ShouldContain("Storages"));

        Dialogs.InputByLabel("Filter permissions").Input("format disks");
        Dialogs.WaitForAssertion(() => Dialogs.Markup.ShouldContain("No permissions match 'format disks'"));
        Dialogs.FindAll("tbody th[scope=row]").ShouldBeEmpty();
    }

    [Fact]
    public void PermissionsTheEditorDoesNotHold_AreDisabledWithTheReason()
    {
        SignInAsManager();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        foreach (var permission in Permissions.All)
        {
            var box = Box(permission.Key);
            var held = ManagerPermissions.Contains(permission.Key);
            box.HasAttribute("disabled").ShouldBe(!held, permission.Key);
            if (!held)
            {
                Dialogs.Find($"#{box.GetAttribute("aria-describedby")}").TextContent.ShouldContain("You don't hold this permission");
            }
        }

        Dialogs.Find("input[aria-label='All Servers permissions']").HasAttribute("disabled").ShouldBeTrue();
        Button(Dialogs, "Select all").Click();
        CheckedKeys().ShouldBe(ManagerPermissions, ignoreOrder: true);
    }

    [Fact]
    public void Tooltip_ShowsTheKeyInMonospace_TheDescription_AndWhyTheBoxIsDisabled()
    {
        SignInAsManager();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Box(Permissions.DeleteServers).Closest(".mud-tooltip-root")!.TriggerEvent("onpointerenter", new PointerEventArgs());

        Popovers.WaitForAssertion(() => Popovers.Find(".mud-tooltip .mono").TextContent.ShouldBe(Permissions.DeleteServers));
        var tooltip = Popovers.Find(".mud-tooltip .mono").ParentElement!.TextContent;
        tooltip.ShouldContain("Remove production servers.");
        tooltip.ShouldContain("You don't hold this permission");
    }

    [Fact]
    public void FirstAdminRole_OpensReadOnly_WithTheReason()
    {
        SignInAsAdmin();
        var section = RenderSection();

        OpenMatrix(section, "View role Administrator");

        Dialogs.Markup.ShouldContain("The first admin role always has every permission and cannot be changed or deleted");
        Dialogs.FindAll("input[type=checkbox]").ShouldAllBe(b => b.HasAttribute("disabled"));
        CheckedKeys().Count.ShouldBe(Permissions.All.Count);
        Dialogs.InputByLabel("Role name").HasAttribute("readonly").ShouldBeTrue();
        Dialogs.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Save");
        Dialogs.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Select all");
    }

    [Fact]
    public void RoleName_IsValidatedAsYouType()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");

        Dialogs.InputByLabel("Role name").Input("x");

        Dialogs.WaitForAssertion(() => FieldOf("Role name").TextContent.ShouldContain("Use 2 to 50 characters."));
        Dialogs.InputByLabel("Role name").GetAttribute("aria-invalid").ShouldBe("true");
        Dialogs.InputByLabel("Role name").Input("Night shift");
        Dialogs.WaitForAssertion(() => FieldOf("Role name").TextContent.ShouldNotContain("Use 2 to 50 characters."));
    }

    [Fact]
    public async Task Save_WithATakenName_ShowsTheServiceMessageAtTheField_AndCreatesNothing()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Create user role");
        var before = await Domain.SnapshotWithoutAuditAsync();

        Dialogs.InputByLabel("Role name").Input("operator");
        Box(Permissions.ViewMonitorPage).Change(true);
        Button(Dialogs, "Save").Click();

        Dialogs.WaitForAssertion(() => FieldOf("Role name").TextContent.ShouldContain("Role name 'operator' is already taken"));
        Dialogs.FindAll("[role=dialog]").ShouldHaveSingleItem();
        (await Domain.SnapshotWithoutAuditAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Save_WhenTheRoleChangedMeanwhile_ShowsTheConflictWithReload()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Edit role Operator");
        var other = await Domain.GetScoped<RoleAdministration>().UpdateAsync(DomainTestContext.As(Admin), new UpdateRoleInput
        {
            RoleId = OperatorRole.Id,
            ConcurrencyStamp = OperatorRole.ConcurrencyStamp,
            Name = "Operator",
            Description = "Changed elsewhere",
            Permissions = [Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule],
        }, Xunit.TestContext.Current.CancellationToken);
        other.Succeeded.ShouldBeTrue();

        Box(Permissions.ViewMonitorPage).Change(true);
        Button(Dialogs, "Save").Click();

        Dialogs.WaitForAssertion(() => Dialogs.Markup.ShouldContain("This role was changed by someone else. Reload to see the changes."));
        (await ReloadRoleAsync("Operator")).PermissionKeys.ShouldNotContain(Permissions.ViewMonitorPage);

        Button(Dialogs, "Reload").Click();

        Dialogs.WaitForAssertion(() => CheckedKeys().ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule], ignoreOrder: true));
        Dialogs.Markup.ShouldNotContain("changed by someone else");
        Dialogs.InputByLabel("Description").GetAttribute("value").ShouldBe("Changed elsewhere");
    }

    /// <summary>The MudBlazor input control (input, label, helper and error text) of the labelled field.</summary>
    private AngleSharp.Dom.IElement FieldOf(string label) => Dialogs.InputByLabel(label).Closest(".mud-input-control")!;

    [Fact]
    public void Dialog_IsAModalNamedByItsTitle()
    {
        SignInAsAdmin();
        var section = RenderSection();

        OpenMatrix(section, "Edit role Operator");

        var dialog = Dialogs.Find("[role=dialog]");
        dialog.GetAttribute("aria-modal").ShouldBe("true");
        Dialogs.Find($"#{dialog.GetAttribute("aria-labelledby")}").TextContent.Trim().ShouldBe("Edit role 'Operator'");
    }

    [Fact]
    public async Task OpenRole_ChangedInAnotherSession_SaysSoAtOnce_WithReload()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Edit role Operator");
        Box(Permissions.ViewMonitorPage).Change(true);
        (await Domain.GetScoped<RoleAdministration>().UpdateAsync(DomainTestContext.As(Admin), new UpdateRoleInput
        {
            RoleId = OperatorRole.Id,
            ConcurrencyStamp = OperatorRole.ConcurrencyStamp,
            Name = "Operator",
            Permissions = [Permissions.ViewSchedulesPage],
        }, Xunit.TestContext.Current.CancellationToken)).Succeeded.ShouldBeTrue();

        Feed.Publish(new DomainChange(ChangeKind.Role, OperatorRole.Id.ToString(), ChangeAction.Updated, "another-session"));

        Dialogs.WaitForAssertion(() => Dialogs.Markup.ShouldContain("This role was changed by someone else. Reload to see the changes."), TimeSpan.FromSeconds(5));
        CheckedKeys().ShouldContain(Permissions.ViewMonitorPage);
        Button(Dialogs, "Reload").Click();
        Dialogs.WaitForAssertion(() => CheckedKeys().ShouldBe([Permissions.ViewSchedulesPage]));
    }

    [Fact]
    public void OpenRole_DeletedInAnotherSession_SaysSo()
    {
        SignInAsAdmin();
        var section = RenderSection();
        OpenMatrix(section, "Edit role Unused");

        Feed.Publish(new DomainChange(ChangeKind.Role, UnusedRole.Id.ToString(), ChangeAction.Deleted, "another-session"));

        Dialogs.WaitForAssertion(() => Dialogs.Markup.ShouldContain("This role was deleted by someone else."), TimeSpan.FromSeconds(5));
    }
}
