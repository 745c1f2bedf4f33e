using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

/// <summary>Commands run instead of the web server.</summary>
public static class ConsoleCommands
{
    public const string ResetAdminPassword = "reset-admin-password";

    /// <summary>With <see cref="ResetAdminPassword"/>: also turns off the first admin's two-factor sign-in.</summary>
    public const string DisableTwoFactor = "--disable-2fa";

    public const string VerifyAudit = "verify-audit";

    /// <summary>Checks the whole audit chain, prints the result (stored as the last check) and exits: 0 when intact,
    /// 2 naming the first entry that does not match.</summary>
    public static async Task<int> VerifyAuditAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditIntegrity>().CheckAsync();
        if (!result.Intact)
        {
            await Console.Error.WriteLineAsync(result.Message);
            return 2;
        }

        Console.WriteLine(result.Message);
        return 0;
    }

    /// <summary>Prints a new one-time password for the first admin and exits (the web server never starts). With
    /// <paramref name="disableTwoFactor"/> the admin's second factors (authenticator, recovery codes, passkeys) are
    /// removed too, so the new password alone signs in.</summary>
    public static async Task<int> ResetAdminPasswordAsync(WebApplication app, bool disableTwoFactor = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var reset = await scope.ServiceProvider.GetRequiredService<Installation>().ResetFirstAdminPasswordAsync(disableTwoFactor);
        if (reset is null)
        {
            await Console.Error.WriteLineAsync("There is no first admin yet: start the app once to create it.");
            return 1;
        }

        Console.WriteLine(Installation.FormatOneTimePasswordBlock(reset.UserName, reset.Password,
            disableTwoFactor
                ? "UserConsole: the first admin's password was reset and two-factor sign-in turned off"
                : "UserConsole: the first admin's password was reset"));
        return 0;
    }
}
