namespace UserConsole.App.Hosting;

/// <summary>The access review's hosting: <c>Security:DormantDays</c>, and the CSV download of the review.</summary>
public static class AccessReviewHosting
{
    public const string ExportPath = "/users/review/export";

    public static WebApplicationBuilder AddAccessReview(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AccessReviewOptions>().Bind(builder.Configuration.GetSection(AccessReviewOptions.Section))
            .Validate(o => o.DormantDays >= 1, "Security:DormantDays must be a number of days (1 or more).");
        return builder;
    }

    /// <summary>GET /users/review/export?dormant=true&amp;admins=true&amp;all=true: the review with those filters as CSV (a
    /// plain link, no script), for holders of view_users_page; the domain audits it.</summary>
    public static IEndpointRouteBuilder MapAccessReviewExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(ExportPath, async (HttpContext context, bool? dormant, bool? admins, bool? all, AccessReview review, TimeProvider clock) =>
        {
            var by = new ActingUser(context.User.GetUserId() ?? Guid.Empty);
            var query = new AccessReviewQuery { Dormant = dormant == true, AdministratorsWithoutTwoFactor = admins == true, AllServers = all == true };
            var started = await review.StartExportAsync(by, query, context.RequestAborted);
            if (!started.Succeeded)
            {
                return Results.Text(started.Error!.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }

            context.Response.Headers.CacheControl = "no-store";
            var write = started.Value;
            return Results.Stream(stream => write(stream, context.RequestAborted), "text/csv; charset=utf-8",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"access-review-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv"));
        }).RequireAuthorization(Permissions.ViewUsersPage);
        return endpoints;
    }
}
