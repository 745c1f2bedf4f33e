using UserConsole.Domain.Audit;

namespace UserConsole.App.Hosting;

/// <summary>The audit trail's hosting: retention and the chain check at start-up and daily, and the export download.</summary>
public static class AuditHosting
{
    public const string ExportPath = "/activity/export";

    public static WebApplicationBuilder AddAuditTrail(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.RetentionDays >= 0, "Audit:RetentionDays must be 0 (keep forever) or a number of days.");
        builder.Services.AddHostedService<AuditMaintenance>();
        return builder;
    }

    /// <summary>GET /activity/export?format=csv|jsonl&amp;search=…&amp;outcome=Succeeded|Refused: the activity filter as a
    /// file download (a plain link, no script), for holders of view_activity_log; the domain audits it.</summary>
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(ExportPath, async (HttpContext context, string? format, string? search, string? outcome, AuditExport export, TimeProvider clock) =>
        {
            var kind = string.Equals(format, "jsonl", StringComparison.OrdinalIgnoreCase) ? AuditExportFormat.JsonLines : AuditExportFormat.Csv;
            AuditOutcome? filter = Enum.TryParse<AuditOutcome>(outcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
            var by = new ActingUser(context.User.GetUserId() ?? Guid.Empty);
            var started = await export.StartAsync(by, new AuditQuery { Search = search, Outcome = filter }, kind, context.RequestAborted);
            if (!started.Succeeded)
            {
                return Results.Text(started.Error!.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }

            context.Response.Headers.CacheControl = "no-store";
            var write = started.Value;
            return Results.Stream(stream => write(stream, context.RequestAborted),
                kind == AuditExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
                AuditExport.FileName(kind, clock.GetUtcNow().UtcDateTime));
        }).RequireAuthorization(Permissions.ViewActivityLog);
        return endpoints;
    }
}

/// <summary>At start-up and then daily: prunes the audit trail to Audit:RetentionDays (when set) and checks the whole
/// chain; the result is stored for the Activity page.</summary>
internal sealed partial class AuditMaintenance(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await scope.ServiceProvider.GetRequiredService<AuditRetention>().PruneAsync(stoppingToken);
                if (removed > 0)
                {
                    LogPruned(logger, removed);
                }

                await scope.ServiceProvider.GetRequiredService<AuditIntegrity>().CheckAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention removed {Count} entries.")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit maintenance (retention and chain check) failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
