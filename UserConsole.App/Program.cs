using UserConsole.App.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddUserConsole();

var app = builder.Build();

if (args.Contains(ConsoleCommands.ResetAdminPassword, StringComparer.Ordinal))
{
    return await ConsoleCommands.ResetAdminPasswordAsync(app, args.Contains(ConsoleCommands.DisableTwoFactor, StringComparer.Ordinal));
}

if (args.Contains(ConsoleCommands.VerifyAudit, StringComparer.Ordinal))
{
    return await ConsoleCommands.VerifyAuditAsync(app);
}

await app.InitializeUserConsoleAsync();
app.UseUserConsole();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
