using MudBlazor.Services;

namespace UserConsole.App.Hosting;

internal static class UIServices
{
    /// <summary>The largest message a circuit accepts from a browser (SignalR's default, set so that it is a choice).</summary>
    public const long MaximumReceiveMessageSize = 32 * 1024;

    /// <summary>Razor components with interactive server rendering (hub limits set explicitly), and MudBlazor.</summary>
    internal static WebApplicationBuilder AddUserConsoleUI(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(circuits =>
            {
                circuits.DetailedErrors = development;
                circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
                circuits.DisconnectedCircuitMaxRetained = 100;
                circuits.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(1);
            })
            .AddHubOptions(hub =>
            {
                hub.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
                hub.EnableDetailedErrors = development;
            });
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Components.Shared.StepUp>();
        return builder;
    }
}
