using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Components.Account;

/// <summary>Account endpoints that are not pages: sign out, the strength meter of the set-password form, and the
/// renewal of a session after the user changed their own password or 2FA.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var account = endpoints.MapGroup("/Account");

        // Sign-out is a form POST whose antiforgery token is checked here: the endpoint binds no form field, so
        // UseAntiforgery alone would let a cross-site form sign people out. It ends the server-side session (the
        // cookie, copied or not, is worthless from now on, and the session's open circuits go to the sign-in page)
        // and deletes the cookie.
        account.MapPost("/Logout", async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<User> signInManager, [FromServices] SessionService sessions) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            if (context.User.GetSessionId() is { } sessionId)
            {
                await sessions.SignOutAsync(sessionId, context.RequestAborted);
            }

            await signInManager.SignOutAsync();
            return Results.LocalRedirect($"~{AccountPaths.Login}?reason=signed-out");
        }).AllowAnonymous();

        // The set-password form asks how strong the typed password is; the answer is only a score, and the
        // password is neither stored nor logged.
        account.MapPost("/PasswordStrength", async (HttpContext context, [FromForm] string? password, [FromServices] UserManager<User> userManager) =>
        {
            var user = context.User.GetUserId() is { } id ? await userManager.FindByIdAsync(id.ToString()) : null;
            if (user is null)
            {
                return Results.Unauthorized();
            }

            var score = PasswordPolicy.Score(password ?? "", user.UserName, user.Email, user.FullName);
            return Results.Json(new { score, label = PasswordPolicy.ScoreWords[score] });
        }).RequireAuthorization();

        // The profile page (interactive: a circuit cannot set cookies) sends the browser here after the user changed
        // their password or 2FA. Anonymous, because that change already made this browser's cookie invalid: the
        // one-time ticket together with that previous cookie proves which session this is.
        account.MapGet("/RefreshSignIn", async (HttpContext context, [FromQuery] string? ticket) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return TypedResults.LocalRedirect($"~{await SessionRenewal.RedeemAsync(context, ticket)}");
        }).AllowAnonymous();

        return endpoints;
    }
}
