using System.Globalization;
using Microsoft.Playwright;

namespace UserConsole.Benchmarks.Load;

/// <summary>`circuits`: what one open page costs the server. For /users (the grid's first page, 25 rows) and for /
/// (home), N = 0, 25, 50, 100 signed-in pages are opened (5 browser contexts sharing the admin's session); after each
/// step the app's managed heap (after a forced full collection) and working set are read through the diagnostics
/// endpoint. Prints each step, the least-squares slope (bytes per circuit) and the live components per circuit,
/// with the component types one circuit holds most of.</summary>
internal static class CircuitsBenchmark
{
    private const int Contexts = 5;
    private static readonly int[] Steps = [0, 25, 50, 100];

    /// <param name="only">"/users" or "/" to measure that page alone; null for both.</param>
    public static async Task RunAsync(TextWriter output, string? only = null)
    {
        // One app process per page, so that no circuit of the first page is still held while the second is measured.
        var folder = Path.Combine(Path.GetTempPath(), "uc-bench-app", Guid.NewGuid().ToString("N"));
        try
        {
            var published = await PublishedApp.PublishAsync(output, folder);
            foreach (var (path, ready) in new[] { ("/users", ".users-grid tbody tr td a"), ("/", "h1") })
            {
                if (only is not null && only != path)
                {
                    continue;
                }

                await using var browser = await CircuitBrowser.StartAsync(output, published);
                output.WriteLine();
                await MeasureAsync(output, browser, path, ready);
                output.WriteLine();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a temporary folder
            }
        }
    }

    private static async Task MeasureAsync(TextWriter output, CircuitBrowser browser, string path, string ready)
    {
        var contexts = new List<IBrowserContext>();
        for (var i = 0; i < Contexts; i++)
        {
            contexts.Add(await browser.NewSignedInContextAsync());
        }

        var points = new List<(int N, MemoryReport Report)>();
        var open = 0;
        output.WriteLine($"Signed-in circuits on {path}:");
        output.WriteLine($"  {"N",5}{"managed heap",16}{"working set",16}{"components/circuit",22}");
        foreach (var step in Steps)
        {
            while (open < step)
            {
                await CircuitBrowser.OpenAsync(contexts[open % Contexts], path, ready);
                open++;
            }

            var report = await browser.MemoryWithCircuitsAsync(step);
            if (step == 25 && int.TryParse(Environment.GetEnvironmentVariable("USERCONSOLE_BENCH_HOLD_SECONDS"), CultureInfo.InvariantCulture, out var hold))
            {
                // for a heap snapshot (dotnet-gcdump collect -p PID) of the app with 25 circuits open
                output.WriteLine($"  holding {hold} s with {step} circuits open: app process {browser.App.ProcessId}");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }

            points.Add((step, report));
            var components = report.Circuits.Count == 0 ? "-" : report.Circuits.Average(c => c.Components).ToString("0", CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step,5}{Mib(report.ManagedBytes),16}{Mib(report.WorkingSetBytes),16}{components,22}   ({report.Circuits.Count} circuits; {CircuitBrowser.LoadAverage()})"));
        }

        var managed = Slope(points.Select(p => ((double)p.N, (double)p.Report.ManagedBytes)).ToList());
        var workingSet = Slope(points.Select(p => ((double)p.N, (double)p.Report.WorkingSetBytes)).ToList());
        var last = points[^1].Report.Circuits;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {path}: {managed / 1024:0} KiB managed heap per circuit, {workingSet / 1024:0} KiB working set per circuit (least-squares slope), {(last.Count == 0 ? 0 : last.Average(c => c.Components)):0} live components per circuit"));
        if (last.Count > 0)
        {
            var types = last[0].ByType.OrderByDescending(t => t.Value).Take(25).Select(t => $"{t.Key} {t.Value}");
            output.WriteLine($"  one circuit holds: {string.Join(", ", types)}");
            if (last[0].FrameBytesByType is { Count: > 0 } frames)
            {
                var largest = frames.Take(8).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value / 1024.0:0.#}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  its render-tree buffers: {frames.Values.Sum() / 1024.0:0} KiB, most in (KiB): {string.Join(", ", largest)}"));
            }

            if (last[0].JsonTypes is { Count: > 0 } json)
            {
                output.WriteLine($"  its JS runtime's serializer metadata, {json.Count} types: {string.Join(", ", json)}");
            }
        }

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The least-squares slope of y over x.</summary>
    private static double Slope(List<(double X, double Y)> points)
    {
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx == 0 ? 0 : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB");
}
