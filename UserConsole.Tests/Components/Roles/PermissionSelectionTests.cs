using UserConsole.App.Components.Roles;
using UserConsole.Domain.Access;

namespace UserConsole.Tests.Components.Roles;

public sealed class PermissionSelectionTests
{
    private static readonly IReadOnlySet<string> Everything = Permissions.AllKeys;

    [Fact]
    public void Set_CheckingAnAction_ChecksItsPagePermission()
    {
        var selection = new PermissionSelection([], Everything);

        selection.Set([Permissions.RunSchedule], true);

        selection.Keys.ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule]);
    }

    [Fact]
    public void LockReason_PageNeededByCheckedActions_NamesThemAndKeepsThePageChecked()
    {
        var selection = new PermissionSelection([Permissions.RunSchedule, Permissions.StopSchedule], Everything);

        selection.LockReason(Permissions.ViewSchedulesPage).ShouldBe("Needed by Run schedules and Stop schedules");
        selection.Set([Permissions.ViewSchedulesPage], false);

        selection.IsChecked(Permissions.ViewSchedulesPage).ShouldBeTrue();
    }

    [Fact]
    public void Set_UncheckingTheLastAction_FreesThePageButLeavesItChecked()
    {
        var selection = new PermissionSelection([Permissions.RunSchedule], Everything);

        selection.Set([Permissions.RunSchedule], false);

        selection.Keys.ShouldBe([Permissions.ViewSchedulesPage]);
        selection.LockReason(Permissions.ViewSchedulesPage).ShouldBeNull();
    }

    [Fact]
    public void Set_RowOff_ClearsActionsAndPageButKeepsAPageAnotherRowNeeds()
    {
        var users = PermissionGrid.Rows.Single(r => r.Area == PermissionArea.Users);
        var selection = new PermissionSelection([.. users.Keys, Permissions.CreateUserRole], Everything);

        selection.Set(users.Keys, false);

        selection.Keys.ShouldBe([Permissions.ViewUsersPage, Permissions.CreateUserRole]);
        selection.LockReason(Permissions.ViewUsersPage).ShouldBe("Needed by Create roles");
    }

    [Fact]
    public void Set_KeysTheEditorDoesNotHold_StayAsTheyWere()
    {
        var editor = new HashSet<string> { Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.ViewServersPage };
        var selection = new PermissionSelection([Permissions.DeleteServers], editor);

        selection.Set(Permissions.AllKeys, true);
        selection.Keys.ShouldBe([Permissions.ViewServersPage, Permissions.DeleteServers, Permissions.ViewSchedulesPage, Permissions.RunSchedule]);

        selection.Set(Permissions.AllKeys, false);
        selection.Keys.ShouldBe([Permissions.ViewServersPage, Permissions.DeleteServers]);
        selection.LockReason(Permissions.DeleteServers).ShouldBe(PermissionSelection.NotHeldReason);
        selection.LockReason(Permissions.ViewServersPage).ShouldBe("Needed by Delete servers");
    }

    [Fact]
    public void LockReason_ActionWhosePageTheEditorLacks_SaysSo()
    {
        var selection = new PermissionSelection([], new HashSet<string> { Permissions.RunSchedule });

        selection.LockReason(Permissions.RunSchedule).ShouldBe("Needs View schedules page, which you don't hold");
    }

    [Fact]
    public void Set_ReadOnly_ChangesNothing()
    {
        var selection = new PermissionSelection(Permissions.AllKeys, Everything, "The first admin role always has every permission.");

        selection.Set(Permissions.AllKeys, false);

        selection.Count.ShouldBe(Permissions.All.Count);
        selection.LockReason(Permissions.EditUsers).ShouldBe("The first admin role always has every permission.");
        selection.AnyChangeable(Permissions.AllKeys).ShouldBeFalse();
    }

    [Fact]
    public void Constructor_KeysMissingTheirPage_AreCompletedAndUnknownKeysDropped()
    {
        var selection = new PermissionSelection([Permissions.DownloadPoints, "format_disks"], Everything);

        selection.Keys.ShouldBe([Permissions.ViewPointsPage, Permissions.DownloadPoints]);
    }

    [Fact]
    public void AreAllChecked_CountsOnlyWhatTheEditorCouldChange()
    {
        var editor = new HashSet<string> { Permissions.ViewSchedulesPage, Permissions.RunSchedule };
        var schedules = PermissionGrid.Rows.Single(r => r.Area == PermissionArea.Schedules).Keys;
        var selection = new PermissionSelection([], editor);

        selection.Set(schedules, true);

        selection.AreAllChecked([.. schedules]).ShouldBeTrue();
        selection.Keys.ShouldBe([Permissions.ViewSchedulesPage, Permissions.RunSchedule]);
    }

    [Fact]
    public void Grid_HasEveryCatalogKeyExactlyOnce_InItsAreaRowAndKindColumn()
    {
        var placed = PermissionGrid.Rows
            .SelectMany(r => r.Cells.SelectMany((cell, column) => cell.Select(p => (p, r.Area, PermissionGrid.Columns[column].Kind))))
            .ToList();

        placed.Select(x => x.p.Key).ShouldBe(Permissions.All.Select(p => p.Key), ignoreOrder: true);
        placed.ShouldAllBe(x => x.p.Area == x.Area && x.p.Kind == x.Kind);
        PermissionGrid.Rows.Select(r => r.Name).ShouldBe(["Users", "Roles", "Monitor", "Servers", "Storages", "Schedules", "Points", "Logs", "Activity", "Settings", "Profile"]);
        PermissionGrid.Columns.Select(c => c.Header).ShouldBe(["View page", "Create", "Edit", "Delete", "Run", "Stop", "Download", "Restore", "Other"]);
    }

    [Theory]
    [InlineData("sched", new[] { PermissionArea.Schedules })]
    [InlineData("RESTORE", new[] { PermissionArea.Points })]
    [InlineData("view_users", new[] { PermissionArea.Users })]
    [InlineData("roles", new[] { PermissionArea.Roles })]
    [InlineData("   ", new PermissionArea[0])]
    public void Matching_FiltersRowsByAreaDisplayNameOrKey(string filter, PermissionArea[] expected)
    {
        var rows = PermissionGrid.Matching(filter).Select(r => r.Area).ToList();

        if (expected.Length == 0)
        {
            rows.Count.ShouldBe(PermissionGrid.Rows.Count);
        }
        else
        {
            rows.ShouldBe(expected);
        }
    }
}
