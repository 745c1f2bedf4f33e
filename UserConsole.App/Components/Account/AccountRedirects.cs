
namespace UserConsole.App.Components.Account;

/// <summary>Redirects from static account pages (the template's IdentityRedirectManager, trimmed).</summary>
public sealed class AccountRedirects(NavigationManager navigationManager)
{
    public void RedirectTo(string uri) => navigationManager.NavigateTo(uri, forceLoad: true);

    public void RedirectTo(string uri, Dictionary<string, object?> query) =>
        navigationManager.NavigateTo(navigationManager.GetUriWithQueryParameters(navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path), query), forceLoad: true);
}
