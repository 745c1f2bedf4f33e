using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Microsoft.AspNetCore.Components;
using UserConsole.App.Components.Roles;
using UserConsole.Domain.Access;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Components.Roles;

/// <summary>The roles of a small organisation for the roles UI tests: the first admin and its built-in role,
/// "Operator" held by three users, "Manager" (users and roles, schedules) held by one, and "Unused".</summary>
public abstract class RolesTestContext : UserConsoleTestContext
{
    protected static readonly string[] ManagerPermissions =
    [
        Permissions.ViewUsersPage, Permissions.CreateUserRole, Permissions.EditUserRoles, Permissions.DeleteUserRoles,
        Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule,
    ];

    protected User Admin { get; private set; } = null!;

    protected User Manager { get; private set; } = null!;

    protected Role AdministratorRole { get; private set; } = null!;

    protected Role OperatorRole { get; private set; } = null!;

    protected Role ManagerRole { get; private set; } = null!;

    protected Role UnusedRole { get; private set; } = null!;

    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        Admin = await Domain.BootstrapAsync();
        await using (var db = await Domain.DbAsync())
        {
            AdministratorRole = await db.Roles.SingleAsync(r => r.IsFirstAdminRole, Xunit.TestContext.Current.CancellationToken);
        }

        OperatorRole = await Domain.CreateRoleAsync("Operator", Permissions.ViewSchedulesPage, Permissions.RunSchedule);
        ManagerRole = await Domain.CreateRoleAsync("Manager", ManagerPermissions);
        UnusedRole = await Domain.CreateRoleAsync("Unused", Permissions.ViewMonitorPage);
        foreach (var name in new[] { "op1", "op2", "op3" })
        {
            await Domain.CreateUserAsync(name, OperatorRole);
        }

        Manager = await Domain.CreateUserAsync("manager", ManagerRole);
    }

    protected void SignInAsAdmin() => SignIn(Admin, Permissions.AllKeys);

    protected void SignInAsManager() => SignIn(Manager, ManagerPermissions);

    /// <summary>Renders the dialog, snackbar and popover hosts and the roles section; waits for the list.</summary>
    protected IRenderedComponent<RolesSection> RenderSection(Action<Guid>? onShowUsersOfRole = null)
    {
        Dialogs = RenderMudProviders();
        var section = Render<RolesSection>(p => p.Add(s => s.OnShowUsersOfRole, id => onShowUsersOfRole?.Invoke(id)));
        section.WaitForAssertion(() => section.Markup.ShouldContain("Operator"));
        return section;
    }

    /// <summary>Clicks "Create user role" (or a row's Edit/View) and waits for the matrix to show.</summary>
    protected void OpenMatrix(IRenderedComponent<RolesSection> section, string buttonName)
    {
        Button(section, buttonName).Click();
        Dialogs.WaitForAssertion(() => Dialogs.FindAll("input[type=checkbox]").Count.ShouldBeGreaterThan(0));
    }

    /// <summary>The button named by its aria-label or, failing that, its text.</summary>
    protected static IElement Button<T>(IRenderedComponent<T> component, string accessibleName)
        where T : IComponent
    {
        component.WaitForAssertion(() => component.FindAll("button").ShouldContain(b => NameOf(b) == accessibleName));
        return component.FindAll("button").First(b => NameOf(b) == accessibleName);
    }

    private static string NameOf(IElement button) => button.GetAttribute("aria-label") ?? button.TextContent.Trim();

    protected IElement Box(string key) => Dialogs.Find($"#perm-{key}");

    protected IReadOnlyList<string> CheckedKeys() =>
        [.. Dialogs.FindAll("input[type=checkbox][id^='perm-']:not([id^='perm-all-'])").Where(b => b.HasAttribute("checked")).Select(b => b.GetAttribute("value")!)];

    protected async Task<Role> ReloadRoleAsync(string name)
    {
        await using var db = await Domain.DbAsync();
        return await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleAsync(r => r.Name == name, Xunit.TestContext.Current.CancellationToken);
    }
}
