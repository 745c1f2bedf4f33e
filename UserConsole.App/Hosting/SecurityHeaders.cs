namespace UserConsole.App.Hosting;

/// <summary>The headers every response carries (NetEscapades.AspNetCore.SecurityHeaders). The policy allows what
/// the app needs and nothing else: scripts only from the app's own files (no inline script anywhere: the import map
/// is not rendered, and every script is a static file), styles from the app plus inline style attributes (MudBlazor
/// and Blazor set style attributes and MudBlazor's theme is a style element), images from the app and data: URIs
/// (MudBlazor's icons), connections to the app itself (its fetches and its WebSocket: 'self' covers ws:/wss: of the
/// same host), and no framing by anyone.</summary>
public static class SecurityHeaders
{
    /// <summary>One year, the usual value for Strict-Transport-Security.</summary>
    public const int HstsMaxAgeSeconds = 365 * 24 * 60 * 60;

    public static HeaderPolicyCollection Policy() => new HeaderPolicyCollection()
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicySameOrigin()
        .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin())
        .AddStrictTransportSecurityMaxAgeIncludeSubDomains(HstsMaxAgeSeconds) // only ever sent over HTTPS
        .RemoveServerHeader()
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();
            csp.AddStyleSrc().Self().UnsafeInline();
            csp.AddImgSrc().Self().Data();
            csp.AddFontSrc().Self().Data();
            csp.AddConnectSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        })
        .AddPermissionsPolicy(permissions =>
        {
            permissions.AddAccelerometer().None();
            permissions.AddCamera().None();
            permissions.AddDisplayCapture().None();
            permissions.AddGeolocation().None();
            permissions.AddGyroscope().None();
            permissions.AddMagnetometer().None();
            permissions.AddMicrophone().None();
            permissions.AddPayment().None();
            permissions.AddUsb().None();
            permissions.AddPublickeyCredentialsGet().Self();
            permissions.AddPublickeyCredentialsCreate().Self();
        });
}
