using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Backup.Demo;

namespace UserConsole.Domain.Backup;

public static class BackupServiceCollectionExtensions
{
    /// <summary>The backup area's services: scope-filtered reads, administration, schedule runs, point requests,
    /// the agent's writes and the Development demo seeder.</summary>
    public static IServiceCollection AddBackup(this IServiceCollection services)
    {
        services.AddScoped<InventoryQueries>();
        services.AddScoped<JobLogQueries>();
        services.AddScoped<MonitorQueries>();
        services.AddScoped<PointService>();
        services.AddScoped<InventoryAdministration>();
        services.AddScoped<ScheduleService>();
        services.AddScoped<BackupJobs>();
        services.AddScoped<DemoDataSeeder>();
        return services;
    }
}
