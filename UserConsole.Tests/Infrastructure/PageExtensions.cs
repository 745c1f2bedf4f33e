using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace UserConsole.Tests.Infrastructure;

/// <summary>What browser tests do again and again: sign in, wait for the circuit, check accessibility.</summary>
public static class PageExtensions
{
    /// <summary>Waits until the page is interactive (the layout's marker): clicks sent earlier are lost.</summary>
    public static async Task WaitForInteractiveAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("#uc-interactive[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Signs in on the static sign-in form and waits for the next page to load.</summary>
    public static async Task SignInAsync(this IPage page, string userNameOrEmail, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Username or email").FillAsync(userNameOrEmail);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>Waits for "Confirm it's you" (asked before sensitive administration), types the password and returns
    /// its Confirm button, not yet clicked (a test that times what follows starts its clock there).</summary>
    public static async Task<ILocator> FillConfirmItsYouAsync(this IPage page, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        var dialog = page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Confirm it's you" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Your password").FillAsync(password);
        return dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Confirm", Exact = true });
    }

    /// <summary>Answers "Confirm it's you" with the password; the action the person clicked then goes on.</summary>
    public static async Task ConfirmItsYouAsync(this IPage page, string password)
    {
        await (await page.FillConfirmItsYouAsync(password)).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Confirm it's you" })).ToHaveCountAsync(0);
    }

    /// <summary>Sets a chosen password on the forced set-password form.</summary>
    public static async Task SetOwnPasswordAsync(this IPage page, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/SetPassword$"));
        await page.GetByLabel("New password", new PageGetByLabelOptions { Exact = true }).FillAsync(password);
        await page.GetByLabel("Repeat new password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Set password" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
    }

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, listing them.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);

        // A snackbar fading in or out is half transparent; axe would judge the contrast of that instant. Wait until
        // none animates (at rest MudBlazor's snackbar has opacity 0.95, so "opacity is 1" would never come true).
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-snackbar')].every(s => s.getAnimations({ subtree: true }).every(a => a.playState === 'finished'))",
            null, new PageWaitForFunctionOptions { Timeout = 5_000, PollingInterval = 100 });
        var result = await page.RunAxe();
        var bad = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(bad.Count == 0, $"axe-core found serious/critical violations on {what}:\n{string.Join('\n', bad)}");
    }
}
