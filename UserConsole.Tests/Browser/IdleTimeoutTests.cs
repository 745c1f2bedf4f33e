using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>The idle limit inside open pages, with Security:SessionIdleMinutes=1 (the warning comes halfway, after
/// 30 s): an untouched page warns and then lands on the sign-in page saying the session expired; a page clicked
/// every 20 s stays; "Stay signed in" keeps a warned page.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class IdleTimeoutTests(IdleTimeoutTests.Fixture fixture) : IClassFixture<IdleTimeoutTests.Fixture>
{
    [Fact]
    public async Task OpenPages_WithoutInput_WarnThenExpire_WhileAPageInUseStays()
    {
        var untouched = await OpenHomeAsync();
        var clock = Stopwatch.StartNew(); // its last request was the page load: its idle time runs from here
        var warned = await OpenHomeAsync();
        var busy = await OpenHomeAsync();

        // The busy page gets a click every 20 s for 80 s: past the limit, never near the warning.
        var clicking = Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(20));
                await busy.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync();
            }
        });

        var warning = untouched.GetByText("You will be signed out in 30 seconds");
        await Assertions.Expect(warning).ToBeVisibleAsync(new() { Timeout = 45_000 });
        var warnedAt = clock.Elapsed;
        await Assertions.Expect(warned.GetByText("You will be signed out in 30 seconds")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await warned.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" }).ClickAsync();
        await Assertions.Expect(warned.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToHaveCountAsync(0);

        await Assertions.Expect(untouched).ToHaveURLAsync(LoginUrl(), new() { Timeout = 45_000 });
        var expiredAt = clock.Elapsed;
        await Assertions.Expect(untouched.GetByText("Your session expired because it was inactive for too long. Sign in again.")).ToBeVisibleAsync();

        await clicking;
        busy.Url.ShouldNotContain("/Account/Login", customMessage: "a page in use stays signed in");
        await Assertions.Expect(busy.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToHaveCountAsync(0);
        (await busy.APIRequest.GetAsync("/users", new() { MaxRedirects = 0 })).Status.ShouldBe(200);
        warned.Url.ShouldNotContain("/Account/Login", customMessage: "'Stay signed in' kept the warned page");

        Console.WriteLine($"IDLE warning after {warnedAt.TotalSeconds:F1} s, sign-in page after {expiredAt.TotalSeconds:F1} s (limit 60 s)");
        warnedAt.TotalSeconds.ShouldBeGreaterThan(28);
        expiredAt.TotalSeconds.ShouldBeGreaterThan(58);
    }

    private async Task<IPage> OpenHomeAsync()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("admin", TestPasswords.Strong);
        await page.WaitForInteractiveAsync();
        return page;
    }

    [GeneratedRegex("/Account/Login\\?reason=expired$")]
    private static partial Regex LoginUrl();

    public sealed class Fixture : AdminReadyFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
        {
            ["Security:SessionIdleMinutes"] = "1",
        };
    }
}
