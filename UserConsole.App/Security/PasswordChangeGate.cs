namespace UserConsole.App.Security;

/// <summary>While a user signs in with a generated password, nothing but the set-password form (and signing
/// out) is reachable: every other request is sent to /Account/SetPassword, and the Blazor hub is refused. Likewise a
/// holder of a role that requires two-factor authentication without a second factor reaches only
/// /Account/SetUpTwoFactor. (The domain refuses both as actors too: this gate only shows them the way.)</summary>
internal sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string SetPasswordPath = "/Account/SetPassword";
    public const string SetUpTwoFactorPath = "/Account/SetUpTwoFactor";

    private static readonly string[] AllowedPrefixes =
    [
        SetPasswordPath, SetUpTwoFactorPath, "/Account/Logout", "/Account/PasswordStrength", "/_framework/", "/_content/", "/health",
    ];

    public Task InvokeAsync(HttpContext context)
    {
        var detour = context.User.MustChangePassword() ? SetPasswordPath
            : context.User.MustSetUpTwoFactor() ? SetUpTwoFactorPath
            : null;
        if (detour is not null && !IsAllowed(context.Request.Path))
        {
            context.Response.Redirect(detour);
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool IsAllowed(PathString path)
    {
        var value = path.Value ?? "";
        if (AllowedPrefixes.Any(p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // Static assets (app.css, favicon.png, scoped CSS): a last segment with an extension.
        var last = value[(value.LastIndexOf('/') + 1)..];
        return !value.StartsWith("/_blazor", StringComparison.OrdinalIgnoreCase) && last.Contains('.', StringComparison.Ordinal);
    }
}
