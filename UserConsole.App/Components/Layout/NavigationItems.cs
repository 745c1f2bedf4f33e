using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Routing;

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

    /// <summary>Whether a link to <paramref name="hrefAbsolute"/> is the current page's, as Blazor's NavLink decides
    /// it (the menu renders its entries as plain links): the same address (or it with a trailing slash added); for
    /// <see cref="NavLinkMatch.Prefix"/> also any address below it; for <see cref="NavLinkMatch.All"/> the query
    /// and fragment do not count.</summary>
    public static bool IsActive(string currentUriAbsolute, string hrefAbsolute, NavLinkMatch match)
    {
        ArgumentNullException.ThrowIfNull(currentUriAbsolute);
        ArgumentNullException.ThrowIfNull(hrefAbsolute);
        if (EqualsExactlyOrWithTrailingSlash(currentUriAbsolute, hrefAbsolute))
        {
            return true;
        }

        if (match == NavLinkMatch.Prefix)
        {
            return IsStrictlyPrefixWithSeparator(currentUriAbsolute, hrefAbsolute);
        }

        var current = WithoutQueryAndFragment(currentUriAbsolute);
        return EqualsExactlyOrWithTrailingSlash(current, hrefAbsolute)
            || EqualsExactlyOrWithTrailingSlash(current, WithoutQueryAndFragment(hrefAbsolute));
    }

    private static bool EqualsExactlyOrWithTrailingSlash(ReadOnlySpan<char> current, ReadOnlySpan<char> href) =>
        current.Equals(href, StringComparison.OrdinalIgnoreCase)
        || (current.Length == href.Length - 1 && href[^1] == '/' && href.StartsWith(current, StringComparison.OrdinalIgnoreCase));

    private static bool IsStrictlyPrefixWithSeparator(string value, string prefix) =>
        value.Length > prefix.Length
        && value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (prefix.Length == 0 || !IsUnreserved(prefix[^1]) || !IsUnreserved(value[prefix.Length]));

    private static bool IsUnreserved(char c) => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static ReadOnlySpan<char> WithoutQueryAndFragment(ReadOnlySpan<char> uri)
    {
        var end = uri.IndexOfAny('?', '#');
        return end < 0 ? uri : uri[..end];
    }
}
