using System.Globalization;
using Microsoft.Playwright;

namespace UserConsole.Benchmarks.Load;

/// <summary>`clicks`: click→DOM latency as the person sees it, timed in the page (performance.now() from the
/// click or keystroke to the MutationObserver's sight of the change, no Playwright round trip in the figure), p50
/// and p95 over 200 repetitions after 10 warm-ups, with the bytes the server sent over the circuit's WebSocket per
/// repetition (render batches: a deterministic figure where timings are noisy). One signed-in page, on the
/// published app with 60 users.</summary>
internal static class ClicksBenchmark
{
    private const int Warmup = 10;
    private const int Runs = 200;

    // Runs act() and resolves with the time until done() holds after a DOM change, or -1 after the timeout.
    private const string Measure = """
        const measure = (act, done, timeoutMs) => new Promise(resolve => {
            let started = 0;
            const observer = new MutationObserver(() => {
                if (done()) { observer.disconnect(); resolve(performance.now() - started); }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            setTimeout(() => { observer.disconnect(); resolve(-1); }, timeoutMs);
            started = performance.now();
            act();
        });
        """;

    private const string OpenCreateDialog = "async (timeoutMs) => {" + Measure + """
            const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Create user' && !b.closest('.mud-dialog'));
            if (!button || button.disabled) return -1;
            return await measure(() => button.click(), () => document.querySelector('#create-user-form') !== null, timeoutMs);
        }
        """;

    private const string TogglePermission = "async (timeoutMs) => {" + Measure + """
            const box = document.querySelector('.mud-dialog input#perm-view_monitor_page');
            const count = document.querySelector('.mud-dialog .uc-matrix-count');
            if (!box || !count) return -1;
            const before = count.textContent;
            return await measure(() => box.click(), () => count.textContent !== before, timeoutMs);
        }
        """;

    private const string SearchKeystroke = "async ([timeoutMs, text]) => {" + Measure + """
            const input = document.querySelector('input[placeholder="Username, email, name or company"]');
            const grid = document.querySelector('.users-grid');
            if (!input || !grid) return -1;
            const first = () => grid.querySelector('tbody tr td a')?.textContent;
            const before = first();
            return await measure(() => {
                input.value = text;
                input.dispatchEvent(new Event('input', { bubbles: true }));
            }, () => first() !== before && first() !== undefined, timeoutMs);
        }
        """;

    public static async Task RunAsync(TextWriter output)
    {
        await using var browser = await CircuitBrowser.StartAsync(output);
        var context = await browser.NewSignedInContextAsync();
        var page = await CircuitBrowser.OpenAsync(context, "/users", ".users-grid tbody tr td a");
        long received = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            Interlocked.Add(ref received, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
        await page.ReloadAsync(); // the WebSocket of the circuit measured is the one opened after the handler
        await page.Locator("#uc-interactive[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.Locator(".users-grid tbody tr td a").First.WaitForAsync();
        var timeout = TimeSpan.FromSeconds(10);
        output.WriteLine();
        output.WriteLine($"Click→DOM, in the page, {Runs} times each after {Warmup} warm-ups:");

        async Task Row(string name, Func<int, Task<double>> once, Func<Task>? between = null)
        {
            var times = new List<double>();
            var failures = 0;
            long bytes = 0;
            for (var i = 0; i < Warmup + Runs; i++)
            {
                var before = Interlocked.Read(ref received);
                var ms = await once(i);
                await Task.Delay(30); // the batch's last frames
                if (i >= Warmup)
                {
                    bytes += Interlocked.Read(ref received) - before;
                    if (ms < 0)
                    {
                        failures++;
                    }
                    else
                    {
                        times.Add(ms);
                    }
                }

                if (between is not null)
                {
                    await between();
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-50}{Percentiles(times),-24}{bytes / (double)Runs / 1024,7:0.0} KiB received per click{(failures > 0 ? $", {failures} without answer" : "")}   ({CircuitBrowser.LoadAverage()})"));
        }

        var dialog = page.Locator(".mud-dialog");
        await Row("open the Create user dialog", _ => page.EvaluateAsync<double>(OpenCreateDialog, timeout.TotalMilliseconds), async () =>
        {
            await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel", Exact = true }).ClickAsync();
            await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        });

        await Row("next page of the users grid", _ => GridFlipMs(page, timeout));

        await page.GetByPlaceholder("Username, email, name or company").ClickAsync();
        await Row("a search keystroke (incl. the 300 ms debounce)", i =>
            page.EvaluateAsync<double>(SearchKeystroke, new object[] { timeout.TotalMilliseconds, i % 2 == 0 ? "person" : "colleague" }));

        await page.GotoAsync("/users?tab=roles");
        await page.Locator("#uc-interactive[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Edit role Viewer" }).ClickAsync();
        await page.Locator(".mud-dialog input#perm-view_monitor_page").WaitForAsync();
        await Row("toggle a permission in the role matrix", _ => page.EvaluateAsync<double>(TogglePermission, timeout.TotalMilliseconds));
        await context.CloseAsync();
    }

    private static async Task<double> GridFlipMs(IPage page, TimeSpan timeout) =>
        await GridFlip.TryAsync(page, timeout) is { } took ? took.TotalMilliseconds : -1;

    private static string Percentiles(List<double> times)
    {
        if (times.Count == 0)
        {
            return "n/a";
        }

        var sorted = times.Order().ToList();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):0.0} ms, p95 {At(0.95):0.0} ms");
    }
}
