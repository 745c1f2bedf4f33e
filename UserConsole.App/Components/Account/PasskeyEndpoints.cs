using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using UserConsole.Domain.Profile;

namespace UserConsole.App.Components.Account;

/// <summary>The HTTP side of passkeys, as the .NET 10 Blazor template does it: the browser script
/// (<c>wwwroot/js/passkeys.js</c>) asks for WebAuthn options here, lets the authenticator answer, and posts the
/// answer back. Identity keeps the challenge in its short-lived two-factor cookie and verifies the answer; adding a
/// passkey then goes through the domain. Every call carries the antiforgery token.</summary>
public static class PasskeyEndpoints
{
    public const string CreationOptions = "/Account/PasskeyCreationOptions";
    public const string RequestOptions = "/Account/PasskeyRequestOptions";
    public const string Add = "/Account/Passkeys";

    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Options to make a passkey for the signed-in user (the user's own passkeys are excluded).
        endpoints.MapPost(CreationOptions, async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] UserManager<User> userManager, [FromServices] SignInManager<User> signInManager) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.Unauthorized();
            }

            var json = await signInManager.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
            {
                Id = user.Id.ToString(),
                Name = user.UserName!,
                DisplayName = user.FullName ?? user.UserName!,
            });
            return NoStore(context, Results.Content(json, "application/json"));
        }).RequireAuthorization();

        // Options to sign in with a passkey: any passkey of this site (discoverable, so no name is asked and none is
        // revealed), or, on the second-factor form, the passkeys of the user who just gave the right password.
        endpoints.MapPost(RequestOptions, async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<User> signInManager, [FromQuery] string? step) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            User? user = null;
            if (step == "second-factor" && (user = await signInManager.GetTwoFactorAuthenticationUserAsync()) is null)
            {
                return Results.Unauthorized();
            }

            var json = await signInManager.MakePasskeyRequestOptionsAsync(user);
            return NoStore(context, Results.Content(json, "application/json"));
        }).AllowAnonymous();

        // A new passkey from the profile: Identity verifies the authenticator's answer, the domain adds it (named,
        // audited, the user told by mail). The answer is what the profile shows.
        endpoints.MapPost(Add, async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<User> signInManager, [FromServices] SecondFactorService secondFactors,
            [FromForm] string? credentialJson, [FromForm] string? name) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            if (context.User.GetUserId() is not { } userId)
            {
                return Results.Unauthorized();
            }

            if (string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64_000)
            {
                return Results.Json(new PasskeyAnswer(false, "The browser did not give a passkey.", null));
            }

            var attestation = await signInManager.PerformPasskeyAttestationAsync(credentialJson);
            if (!attestation.Succeeded)
            {
                return Results.Json(new PasskeyAnswer(false, "The passkey could not be verified. Try again.", null));
            }

            var result = await secondFactors.AddPasskeyAsync(new ActingUser(userId, context.User.GetSessionId()?.ToString()), attestation.Passkey, name);
            return Results.Json(result.Succeeded
                ? new PasskeyAnswer(true, $"The passkey \"{result.Value.Name}\" was added.", null)
                : new PasskeyAnswer(false, result.Error!.Message, result.Error.Property));
        }).RequireAuthorization().DisableAntiforgery();

        return endpoints;
    }

    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }

    /// <summary>What the profile's script hears back about a new passkey.</summary>
    public sealed record PasskeyAnswer(bool Ok, string Message, string? Field);
}
