namespace UserConsole.App.Security;

/// <summary>Claim types UserConsole adds to the signed-in principal. Permissions are never stored in the cookie:
/// they are loaded from the database on every request and refreshed in open circuits.</summary>
public static class UserConsoleClaims
{
    public const string Permission = "uc:permission";
    public const string MustChangePassword = "uc:must_change_password";

    /// <summary>The role requires two-factor authentication and the user has no second factor yet.</summary>
    public const string MustSetUpTwoFactor = "uc:must_set_up_2fa";
    public const string AuthenticatedAt = "uc:authenticated_at";

    /// <summary>The id of the server-side session this cookie points at: the only thing that makes it valid.</summary>
    public const string SessionId = "uc:session";
    public const string AccessIdentityType = "UserConsole.Access";

    /// <summary>In a circuit previewing another user's view ("Preview as …"): that user's id and name, on the access
    /// identity whose permissions are that user's. Never in a cookie.</summary>
    public const string PreviewUserId = "uc:preview_user_id";
    public const string PreviewUserName = "uc:preview_user_name";
}
