using System.Text;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Access;

/// <summary>The access review: its filters, and the CSV that holds the grid's header and rows, audited and with
/// formula-like cells neutralised.</summary>
public sealed class AccessReviewTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;
    private ActingUser _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        _admin = DomainTestContext.As(await _context.BootstrapAsync());
        var managers = await _context.CreateRoleAsync("@Managers", Permissions.ViewUsersPage, Permissions.EditUsers);
        var viewers = await _context.CreateRoleAsync("Viewers", Permissions.ViewUsersPage);
        var now = _context.Clock.GetUtcNow().UtcDateTime;
        await SignedInAsync(await _context.CreateUserAsync("-minus", managers, fullName: "=HYPERLINK(\"http://evil.example\",\"x\")"), now.AddDays(-100));
        await SignedInAsync(await _context.CreateUserAsync("plus", viewers, NoServers(), fullName: "+1 555"), now.AddDays(-5));
        await _context.CreateUserAsync("ann", viewers, fullName: "Ann Smith");
        await SignedInAsync(await _context.CreateUserAsync("guarded", managers), now.AddDays(-1));
        await using var db = await _context.DbAsync();
        var guarded = await db.Users.SingleAsync(u => u.UserName == "guarded");
        guarded.EnableTwoFactor("protected-secret", 1);
        await db.SaveChangesAsync();
    }

    private static AccessScope NoServers() => new(ResourceScope.Chosen([]), ResourceScope.Everything);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private AccessReview Review => _context.GetScoped<AccessReview>();

    private async Task SignedInAsync(User user, DateTime at)
    {
        await using var db = await _context.DbAsync();
        (await db.Users.SingleAsync(u => u.Id == user.Id)).RecordSignIn(at);
        await db.SaveChangesAsync();
    }

    private async Task<List<string>> NamesAsync(AccessReviewQuery query) =>
        [.. (await Review.ListAsync(_admin, query)).Value.Items.Select(r => r.UserName)];

    [Fact]
    public async Task ListAsync_Filters_FindDormantAdministratorsWithout2faAndAllServers()
    {
        // The admin signed in never and was created "now" (not dormant); ann never signed in either.
        (await NamesAsync(new AccessReviewQuery { Dormant = true })).ShouldBe(["-minus"]);
        (await NamesAsync(new AccessReviewQuery { AdministratorsWithoutTwoFactor = true })).ShouldBe(["-minus", "admin"]);
        (await NamesAsync(new AccessReviewQuery { AllServers = true })).ShouldBe(["-minus", "admin", "ann", "guarded"]);

        var minus = (await Review.ListAsync(_admin, new AccessReviewQuery { Dormant = true })).Value.Items.Single();
        minus.Cells().ShouldBe(["-minus", "=HYPERLINK(\"http://evil.example\",\"x\")", "@Managers", "2", "edit_users", "All servers · All storages", "Off",
            minus.LastSignInAt!.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture), "Dormant", ""]);
        (await Review.ListAsync(_admin, new AccessReviewQuery())).Value.Items.Single(r => r.UserName == "plus").Scope.ShouldBe("0 servers · All storages");
    }

    [Fact]
    public async Task Export_HoldsTheGridsHeaderAndRows_NeutralisesFormulas_AndIsAudited()
    {
        var query = new AccessReviewQuery { AllServers = true };
        var started = await Review.StartExportAsync(_admin, query);
        started.Succeeded.ShouldBeTrue();
        using var output = new MemoryStream();
        await started.Value(output, CancellationToken.None);
        var csv = Parse(Encoding.UTF8.GetString(output.ToArray()));

        var grid = (await Review.ListAsync(_admin, query with { PageSize = 200 })).Value.Items;
        csv[0].ShouldBe(AccessReviewRow.Headers);
        csv.Skip(1).ToList().ShouldBe(grid.Select(r => r.Cells().Select(Neutralised).ToList()).ToList());
        csv.ShouldContain(row => row[0] == "'-minus" && row[1] == "'=HYPERLINK(\"http://evil.example\",\"x\")" && row[2] == "'@Managers");

        await using var db = await _context.DbAsync();
        var audit = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync();
        audit.Action.ShouldBe(AccessReview.ExportAction);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        audit.Changes!.ShouldContain("AllServers");
    }

    [Fact]
    public async Task Export_WithoutViewUsersPage_IsRefusedAndAudited()
    {
        var nobody = await _context.CreateUserAsync("nobody", await _context.CreateRoleAsync("Nothing", Permissions.ViewMonitorPage));
        var started = await Review.StartExportAsync(DomainTestContext.As(nobody), new AccessReviewQuery());

        started.Error!.Code.ShouldBe(AccessRules.PermissionDeniedCode);
        await using var db = await _context.DbAsync();
        (await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync()).Outcome.ShouldBe(AuditOutcome.Refused);
    }

    private static string Neutralised(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' ? "'" + cell : cell;

    // RFC 4180: quoted cells, doubled quotes inside them.
    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
