namespace UserConsole.App.Components.Account;

/// <summary>The account pages' addresses and the messages the sign-in page shows when a session ended.</summary>
public static class AccountPaths
{
    public const string Login = "/Account/Login";
    public const string LoginWith2fa = "/Account/LoginWith2fa";
    public const string SetPassword = "/Account/SetPassword";
    public const string SetUpTwoFactor = "/Account/SetUpTwoFactor";
    public const string Logout = "/Account/Logout";
    public const string RefreshSignIn = "/Account/RefreshSignIn";

    /// <summary>Why a session ended, as the sign-in page says it. Only these fixed texts are ever shown, so a
    /// crafted link cannot put words on the sign-in page.</summary>
    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["signed-out"] = "You have signed out.",
        ["disabled"] = "Your account was disabled by an administrator.",
        ["deleted"] = "Your account was deleted by an administrator.",
        ["password-reset"] = "Your password was reset by an administrator. Sign in with the new one-time password.",
        ["2fa-disabled"] = "Your two-factor authentication was turned off by an administrator. Sign in again.",
        ["credentials-changed"] = "Your password or two-factor settings were changed in another session. Sign in again.",
        ["access-changed"] = "Your access was changed by an administrator. Sign in again.",
        ["session-ended"] = "Your session has ended. Sign in again.",
        ["signed-out-elsewhere"] = "You were signed out from another of your sessions.",
        ["signed-out-by-admin"] = "An administrator signed you out.",
        ["expired"] = "Your session expired because it was inactive for too long. Sign in again.",
        ["expired-absolute"] = "Your session expired: sessions end some hours after sign-in, whatever the activity. Sign in again.",
        ["2fa-timeout"] = "The two-factor step took too long. Sign in again.",
        ["2fa-passkey-failed"] = "The passkey was not accepted. Sign in again.",
    };

    public static bool IsSignInForm(PathString path) =>
        path.StartsWithSegments(Login, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(LoginWith2fa, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(SetPassword, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(SetUpTwoFactor, StringComparison.OrdinalIgnoreCase);

    /// <summary>A local return address or "/" (no open redirects). Local is the framework's own rule
    /// (<see cref="Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl"/>, as Url.IsLocalUrl: a
    /// path from the root, not "//" or "/\", no control characters; or "~/"); account pages are never returned to.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(returnUrl) && returnUrl![0] == '/'
            && !returnUrl.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/";
}
