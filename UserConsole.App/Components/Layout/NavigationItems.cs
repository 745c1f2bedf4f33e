using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace UserConsole.App.Components.Layout;

/// <summary>One entry of the navigation: shown only to users holding its page permission.</summary>
public sealed record NavigationItem(string Title, string Href, string Icon, string Permission);

public static class NavigationItems
{
    public static IReadOnlyList<NavigationItem> All { get; } =
    [
        new("Monitor", "/monitor", Icons.Material.Filled.Insights, Permissions.ViewMonitorPage),
        new("Servers", "/servers", Icons.Material.Filled.Dns, Permissions.ViewServersPage),
        new("Storages", "/storages", Icons.Material.Filled.Storage, Permissions.ViewStoragesPage),
        new("Schedules", "/schedules", Icons.Material.Filled.Schedule, Permissions.ViewSchedulesPage),
        new("Points", "/points", Icons.Material.Filled.AccountTree, Permissions.ViewPointsPage),
        new("Logs", "/logs", Icons.Material.Filled.ReceiptLong, Permissions.ViewBackupLogsPage),
        new("Users", "/users", Icons.Material.Filled.People, Permissions.ViewUsersPage),
        new("Activity", "/activity", Icons.Material.Filled.History, Permissions.ViewActivityLog),
        new("Settings", "/settings", Icons.Material.Filled.Settings, Permissions.ViewSettingsPage),
    ];

    /// <summary>The entries <paramref name="user"/> may open, each judged by its page policy (as an AuthorizeView
    /// with that policy would), computed once for the menu or the home page instead of one AuthorizeView per entry.</summary>
    public static async Task<IReadOnlyList<NavigationItem>> VisibleToAsync(IAuthorizationService authorization, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var visible = new List<NavigationItem>(All.Count);
        foreach (var item in All)
        {
            if ((await authorization.AuthorizeAsync(user, resource: null, item.Permission)).Succeeded)
            {
                visible.Add(item);
            }
        }

        return visible;
    }
}
