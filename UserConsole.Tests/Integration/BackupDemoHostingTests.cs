using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UserConsole.App.Hosting;
using UserConsole.Domain.Persistence;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>Demo data and the simulator exist only in Development, and only while UserConsole:DemoData is not
/// "false".</summary>
public sealed class BackupDemoHostingTests
{
    [Fact]
    public async Task Development_ByDefault_SeedsDemoDataAndRunsTheSimulator()
    {
        await using var factory = new DemoFactory(Environments.Development, demoData: null);

        var (servers, logs) = await CountAsync(factory);

        servers.ShouldBe(12);
        logs.ShouldBeGreaterThan(1_000);
        factory.Services.GetServices<IHostedService>().ShouldContain(s => s.GetType().Name == "DemoSimulatorService");
        factory.Services.GetRequiredService<BackupDemoSettings>().ShouldBe(new BackupDemoSettings(true, true, BackupDemoSettings.DefaultSpeed));
    }

    [Fact]
    public async Task Development_DemoDataFalse_SeedsAndRunsNothing()
    {
        await using var factory = new DemoFactory(Environments.Development, demoData: "false");

        var (servers, logs) = await CountAsync(factory);

        servers.ShouldBe(0);
        logs.ShouldBe(0);
        factory.Services.GetServices<IHostedService>().ShouldNotContain(s => s.GetType().Name == "DemoSimulatorService");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task OutsideDevelopment_EvenWithDemoDataTrue_SeedsAndRunsNothing(string environment)
    {
        await using var factory = new DemoFactory(environment, demoData: "true");

        var (servers, logs) = await CountAsync(factory);

        servers.ShouldBe(0);
        logs.ShouldBe(0);
        factory.Services.GetServices<IHostedService>().ShouldNotContain(s => s.GetType().Name == "DemoSimulatorService");
        factory.Services.GetRequiredService<BackupDemoSettings>().SeedDemoData.ShouldBeFalse();
    }

    private static async Task<(int Servers, int Logs)> CountAsync(DemoFactory factory)
    {
        using var client = factory.CreateClient(); // starts the app: migrations, first admin, demo seed
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();
        return (await db.ProductionServers.CountAsync(), await db.JobLogs.CountAsync());
    }

    private sealed class DemoFactory(string environment, string? demoData) : UserConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["UserConsole:DemoData"] = demoData,
            ["UserConsole:Simulator:Speed"] = null,
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
