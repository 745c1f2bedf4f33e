using System.Globalization;

namespace UserConsole.Benchmarks.Load;

/// <summary>`start`: cold start of the published app (Production, SQLite) to a healthy /health, median of 5. The first
/// start creates the database (migrations, the first admin); the 5 measured starts reuse it, as every restart of an
/// installed app does. Each start is a new process; the load average is printed beside each figure.</summary>
internal static class StartBenchmark
{
    private const int Runs = 5;

    public static async Task RunAsync(TextWriter output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "uc-bench-start", Guid.NewGuid().ToString("N"));
        try
        {
            var published = await PublishedApp.PublishAsync(output, folder);
            await using (var first = await PublishedApp.StartPublishedAsync(published))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  first start (creates the database and the first admin): {first.StartToHealthy.TotalSeconds:0.00} s, {first.CpuToHealthy.TotalSeconds:0.00} s CPU   ({CircuitBrowser.LoadAverage()})"));
            }

            var times = new List<TimeSpan>();
            var cpu = new List<TimeSpan>();
            for (var i = 0; i < Runs; i++)
            {
                await using var app = await PublishedApp.StartPublishedAsync(published);
                times.Add(app.StartToHealthy);
                cpu.Add(app.CpuToHealthy);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  restart {i + 1}: {app.StartToHealthy.TotalSeconds:0.00} s, {app.CpuToHealthy.TotalSeconds:0.00} s CPU   ({CircuitBrowser.LoadAverage()})"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Cold start to a healthy /health: median {Measure.Median(times).TotalSeconds:0.00} s of {Runs} ({Measure.Median(cpu).TotalSeconds:0.00} s of processor time; {Environment.ProcessorCount} cores)"));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a temporary folder (or never created)
            }
        }
    }
}
