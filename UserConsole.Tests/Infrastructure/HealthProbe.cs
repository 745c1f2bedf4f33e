using System.Diagnostics;
using System.Net;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Waits for a started app process to answer 200 on /health. Shared by the tests' <c>AppProcess</c> and
/// the benchmarks' published app (linked into UserConsole.Benchmarks).</summary>
public static class HealthProbe
{
    /// <param name="describe">What to add to the error when the process exits or the time runs out (its output).</param>
    public static async Task WaitHealthyAsync(Uri app, Process process, TimeSpan timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(describe);
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{describe()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or still starting
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The app did not become healthy within {timeout}:\n{describe()}");
    }
}
