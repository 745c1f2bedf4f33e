using Microsoft.Playwright;

namespace UserConsole.Benchmarks.Load;

/// <summary>One page flip of the users grid as the person sees it: in the page, from the click on "Next page" (or
/// "Previous page" on the last page) to the DOM change of the first row, timed with performance.now() and a
/// MutationObserver, so that the figure holds no Playwright round trip.</summary>
internal static class GridFlip
{
    private const string Script = """
        async (timeoutMs) => {
            const grid = document.querySelector('.users-grid');
            if (!grid) return -1;
            const first = () => grid.querySelector('tbody tr td a')?.textContent;
            const next = document.querySelector('button[aria-label="Next page"]');
            const button = next && !next.disabled ? next : document.querySelector('button[aria-label="Previous page"]');
            if (!button || button.disabled) return -1;
            const before = first();
            return await new Promise(resolve => {
                const started = performance.now();
                const observer = new MutationObserver(() => {
                    if (first() !== before) { observer.disconnect(); resolve(performance.now() - started); }
                });
                observer.observe(grid, { subtree: true, childList: true, characterData: true });
                setTimeout(() => { observer.disconnect(); resolve(-1); }, timeoutMs);
                button.click();
            });
        }
        """;

    /// <summary>The flip's time, or null when the page did not change within <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> TryAsync(IPage page, TimeSpan timeout)
    {
        try
        {
            var ms = await page.EvaluateAsync<double>(Script, timeout.TotalMilliseconds);
            return ms < 0 ? null : TimeSpan.FromMilliseconds(ms);
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }
}
