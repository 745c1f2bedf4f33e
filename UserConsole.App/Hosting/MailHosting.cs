using UserConsole.Domain.Mail;

namespace UserConsole.App.Hosting;

/// <summary>Mail: the SMTP defaults and retry settings (section "Mail") and the background sender of the outbox.</summary>
internal static class MailHosting
{
    internal static WebApplicationBuilder AddUserConsoleMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection(MailOptions.Section))
            .Validate(o => o.MaxAttempts >= 1 && o.FirstRetrySeconds >= 1 && o.PollMilliseconds >= 10 && o.ClaimSeconds >= 10 && o.BatchSize >= 1,
                "Mail: MaxAttempts, FirstRetrySeconds, BatchSize must be at least 1, PollMilliseconds at least 10 and ClaimSeconds at least 10.")
            .ValidateOnStart();
        builder.Services.AddHostedService<OutboxWorker>();
        builder.Services.AddHostedService<RunningTimeAlertWorker>();
        return builder;
    }
}

/// <summary>Runs the outbox sender while the app runs: every Mail:PollMilliseconds it sends what is due (and goes on
/// at once while a full batch went out). A failure of one round is logged and the next round tries again.</summary>
internal sealed partial class OutboxWorker(OutboxSender sender, Microsoft.Extensions.Options.IOptions<MailOptions> options, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await sender.SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                LogRoundFailed(logger, ex);
            }

            if (sent < options.Value.BatchSize)
            {
                try
                {
                    await Task.Delay(poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

        }
    }

    [LoggerMessage(EventId = 1911, Level = LogLevel.Error, Message = "The outbox sender's round failed; it tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}

/// <summary>Every minute: queues the running-time alerts that came due (<see cref="RunningTimeAlertCheck"/>).</summary>
internal sealed partial class RunningTimeAlertWorker(RunningTimeAlertCheck check, TimeProvider clock, ILogger<RunningTimeAlertWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        try
        {
            do
            {
                try
                {
                    await check.CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
                {
                    LogCheckFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 1912, Level = LogLevel.Error, Message = "The running-time alert check failed; it runs again in a minute.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
