using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Sessions;

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
    public const string ConfirmOptions = "/Account/ConfirmItsYou/PasskeyOptions";
    public const string Confirm = "/Account/ConfirmItsYou/Passkey";

    // The step-up's WebAuthn state travels with the browser, protected, bound to the user and the sign-in session,
    // and good for as long as the authenticator may take.
    private const string ConfirmStatePurpose = "UserConsole.ConfirmItsYou.Passkey";
    private static readonly TimeSpan ConfirmStateLifetime = TimeSpan.FromMinutes(5);

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

        // "Confirm it's you" with a passkey: options for one of the signed-in user's own passkeys. The browser keeps
        // the handler's state, protected (it cannot be read or changed), for the answer below.
        endpoints.MapPost(ConfirmOptions, async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] UserManager<User> userManager, [FromServices] IPasskeyHandler<User> passkeys,
            [FromServices] IDataProtectionProvider protection) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var user = await userManager.GetUserAsync(context.User);
            if (user is null || context.User.GetSessionId() is not { } sessionId)
            {
                return Results.Unauthorized();
            }

            var options = await passkeys.MakeRequestOptionsAsync(user, context);
            var state = ConfirmStateProtector(protection).Protect($"{user.Id:N}|{sessionId:N}|{options.AssertionState}", ConfirmStateLifetime);
            var body = new JsonObject { ["options"] = JsonNode.Parse(options.RequestOptionsJson), ["state"] = state };
            return NoStore(context, Results.Content(body.ToJsonString(), "application/json"));
        }).RequireAuthorization();

        // The authenticator's answer: Identity verifies it (origin, challenge, signature, sign count); the domain
        // records the proof in this sign-in session when the passkey is the actor's own, and audits either way.
        endpoints.MapPost(Confirm, async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] UserManager<User> userManager, [FromServices] IPasskeyHandler<User> passkeys,
            [FromServices] IDataProtectionProvider protection, [FromServices] IdentityConfirmation confirmation,
            [FromForm] string? credentialJson, [FromForm] string? state) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            if (context.User.GetUserId() is not { } userId || context.User.GetSessionId() is not { } sessionId)
            {
                return Results.Unauthorized();
            }

            var by = new ActingUser(userId, SignInSessionId: sessionId);
            Guid? owner = null;
            if (!string.IsNullOrEmpty(credentialJson) && credentialJson.Length <= 64_000
                && UnprotectConfirmState(protection, state, userId, sessionId) is { } assertionState)
            {
                var assertion = await passkeys.PerformAssertionAsync(new PasskeyAssertionContext
                {
                    HttpContext = context,
                    CredentialJson = credentialJson,
                    AssertionState = assertionState,
                });
                if (assertion.Succeeded)
                {
                    // As Identity's passkey sign-in does: the new sign count (a replayed answer fails) and "last used".
                    await userManager.AddOrUpdatePasskeyAsync(assertion.User, assertion.Passkey);
                    owner = assertion.User.Id;
                }
            }

            var result = await confirmation.ConfirmWithPasskeyAsync(by, owner);
            return Results.Json(result.Succeeded
                ? new PasskeyAnswer(true, "Confirmed with your passkey.", null)
                : new PasskeyAnswer(false, result.Error!.Message, result.Error.Property));
        }).RequireAuthorization().DisableAntiforgery();

        return endpoints;
    }

    private static ITimeLimitedDataProtector ConfirmStateProtector(IDataProtectionProvider protection) =>
        protection.CreateProtector(ConfirmStatePurpose).ToTimeLimitedDataProtector();

    /// <summary>The handler's assertion state, when the protected value is intact, unexpired and was made for this
    /// user in this sign-in session.</summary>
    private static string? UnprotectConfirmState(IDataProtectionProvider protection, string? state, Guid userId, Guid sessionId)
    {
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        try
        {
            var parts = ConfirmStateProtector(protection).Unprotect(state).Split('|', 3);
            return parts.Length == 3 && parts[0] == userId.ToString("N") && parts[1] == sessionId.ToString("N") ? parts[2] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }

    /// <summary>What the profile's script hears back about a new passkey.</summary>
    public sealed record PasskeyAnswer(bool Ok, string Message, string? Field);
}
