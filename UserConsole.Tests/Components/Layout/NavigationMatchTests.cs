using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.App.Components.Layout;

namespace UserConsole.Tests.Components.Layout;

/// <summary>The menu renders its entries as plain links and decides the active one itself: it must decide as Blazor's
/// NavLink does (which MudNavLink used), for every address and both ways of matching.</summary>
public sealed class NavigationMatchTests : BunitContext
{
    [Theory]
    [InlineData("/", NavLinkMatch.All, "")]
    [InlineData("/", NavLinkMatch.All, "?tab=2")]
    [InlineData("/", NavLinkMatch.All, "#top")]
    [InlineData("/", NavLinkMatch.All, "users")]
    [InlineData("/users", NavLinkMatch.Prefix, "users")]
    [InlineData("/users", NavLinkMatch.Prefix, "Users/")]
    [InlineData("/users", NavLinkMatch.Prefix, "users/3f2c")]
    [InlineData("/users", NavLinkMatch.Prefix, "users?search=a")]
    [InlineData("/users", NavLinkMatch.Prefix, "users#x")]
    [InlineData("/users", NavLinkMatch.Prefix, "usersettings")]
    [InlineData("/users", NavLinkMatch.Prefix, "user")]
    [InlineData("/users", NavLinkMatch.Prefix, "")]
    [InlineData("/logs", NavLinkMatch.Prefix, "logs-archive")]
    [InlineData("/logs", NavLinkMatch.Prefix, "logs.old")]
    [InlineData("/settings", NavLinkMatch.Prefix, "settings/mail")]
    public void IsActive_DecidesAsNavLink(string href, NavLinkMatch match, string current)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(current);
        var link = Render<NavLink>(p => p.Add(x => x.Match, match).AddUnmatched("href", href));
        var navLinkActive = link.Find("a").ClassList.Contains("active");

        NavigationItems.IsActive(navigation.Uri, navigation.ToAbsoluteUri(href).AbsoluteUri, match).ShouldBe(navLinkActive);
    }
}
