using MudBlazor.Services;

namespace UserConsole.App.Hosting;

public static class UIServices
{
    /// <summary>Razor components with interactive server rendering, and MudBlazor.</summary>
    public static WebApplicationBuilder AddUserConsoleUI(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }
}
