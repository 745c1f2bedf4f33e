namespace UserConsole.Tests.Browser;

/// <summary>Prints measured latencies as LiveSessionTests does: n, p50, p95 and max, to the test output and, with
/// LIVE_REPORT=file, to that file.</summary>
internal static class LatencyReport
{
    public static void Print(string what, List<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Note($"LATENCY {what}: n={latencies.Count} p50={Percentile(0.50):F0} ms p95={Percentile(0.95):F0} ms max={sorted[^1]:F0} ms");
    }

    /// <summary>A line for the test output (and the LIVE_REPORT file): a measurement's details.</summary>
    public static void Note(string line)
    {
        Console.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("LIVE_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllLines(report, [line]);
        }
    }
}
