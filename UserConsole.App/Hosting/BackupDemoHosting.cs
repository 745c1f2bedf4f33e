using System.Globalization;
using UserConsole.Domain.Backup.Demo;

namespace UserConsole.App.Hosting;

/// <summary>Whether this process seeds demo backup data and runs the simulator: only in the Development environment,
/// and only while <c>UserConsole:DemoData</c> is not "false" (the simulator also needs
/// <c>UserConsole:Simulator:Enabled</c> not "false"). Outside Development nothing is seeded or run.</summary>
public sealed record BackupDemoSettings(bool SeedDemoData, bool RunSimulator, double Speed)
{
    public const double DefaultSpeed = 60;

    public static BackupDemoSettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var demo = environment.IsDevelopment() && !IsFalse(configuration["UserConsole:DemoData"]);
        var simulator = demo && !IsFalse(configuration["UserConsole:Simulator:Enabled"]);
        var speed = double.TryParse(configuration["UserConsole:Simulator:Speed"], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? s
            : DefaultSpeed;
        return new BackupDemoSettings(demo, simulator, speed);
    }

    // Anything but "false" (missing, empty, "true") keeps the Development default: on.
    private static bool IsFalse(string? value) => string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
}

public static partial class BackupDemoHosting
{
    /// <summary>Registers the demo settings and, when they ask for it, the simulator as a hosted service.</summary>
    public static WebApplicationBuilder AddBackupDemo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = BackupDemoSettings.Read(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        if (settings.RunSimulator)
        {
            builder.Services.AddSingleton(new DemoSimulatorOptions(settings.Speed));
            builder.Services.AddHostedService<DemoSimulatorService>();
        }

        return builder;
    }

    /// <summary>Seeds the demo backup data on the first start (a database without production servers).</summary>
    public static async Task SeedBackupDemoAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<BackupDemoSettings>().SeedDemoData)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        if (seeded is not null)
        {
            LogSeeded(app.Logger, seeded.Servers, seeded.Storages, seeded.Schedules, seeded.JobLogs, seeded.Points);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo data (Development): seeded {Servers} production servers, {Storages} storages, {Schedules} schedules, {JobLogs} job logs and {Points} backup points.")]
    private static partial void LogSeeded(ILogger logger, int servers, int storages, int schedules, int jobLogs, int points);
}

/// <summary>Runs the <see cref="DemoSimulator"/> about once a second for the life of the app (Development only).</summary>
internal sealed partial class DemoSimulatorService(
    IServiceScopeFactory scopes, DemoSimulatorOptions options, TimeProvider clock, ILogger<DemoSimulatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var simulator = new DemoSimulator(scope.ServiceProvider.GetRequiredService<BackupJobs>(), clock, options);
        LogStarted(logger, options.Speed);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await simulator.TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogTickFailed(logger, ex); // a failed tick (say, a locked database) is retried on the next one
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo simulator (Development) runs schedules at {Speed}x speed.")]
    private static partial void LogStarted(ILogger logger, double speed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A demo simulator tick failed; it carries on at the next tick.")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
