using Microsoft.AspNetCore.Http;
using UserConsole.App.Components;

namespace UserConsole.Tests.Components.Shared;

public sealed class ThemePreferenceTests
{
    [Theory]
    [InlineData("http", "uc-theme=dark", true)]
    [InlineData("https", "__Host-uc-theme=dark", true)]
    [InlineData("https", "uc-theme=dark", false)] // over HTTPS an unprefixed cookie may have been planted: not believed
    [InlineData("http", "__Host-uc-theme=dark", false)]
    [InlineData("https", "__Host-uc-theme=light", false)]
    public void IsDark_ReadsTheCookieUnderTheNameTheSchemeUses(string scheme, string cookie, bool dark)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Headers.Cookie = cookie;

        ThemePreference.IsDark(context.Request).ShouldBe(dark);
    }
}
