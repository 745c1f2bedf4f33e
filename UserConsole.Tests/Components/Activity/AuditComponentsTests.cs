using Bunit;
using UserConsole.App.Components.Activity;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;

namespace UserConsole.Tests.Components.Activity;

public sealed class AuditComponentsTests : UserConsoleTestContext
{
    [Fact]
    public void ExportButtons_AreNamedDownloadLinksCarryingTheFilter()
    {
        var buttons = Render<AuditExportButtons>(p => p.Add(c => c.Search, " ali ce ").Add(c => c.Outcome, AuditOutcome.Refused));

        var links = buttons.FindAll("a");
        var csv = links.Single(a => a.TextContent.Trim() == "Export CSV");
        var jsonl = links.Single(a => a.TextContent.Trim() == "Export JSON lines");
        csv.GetAttribute("href").ShouldBe("/activity/export?format=csv&search=ali%20ce&outcome=Refused");
        jsonl.GetAttribute("href").ShouldBe("/activity/export?format=jsonl&search=ali%20ce&outcome=Refused");
        csv.HasAttribute("download").ShouldBeTrue("the router must leave the download to the browser");
    }

    [Fact]
    public async Task IntegrityNotice_ShowsTheLastCheckWithItsTime()
    {
        var admin = await Domain.BootstrapAsync();
        SignIn(admin, [Permissions.ViewActivityLog]);
        var result = await Domain.GetScoped<AuditIntegrity>().CheckAsync();

        var notice = Render<AuditIntegrityNotice>();

        notice.WaitForAssertion(() => notice.Markup.ShouldContain(result.Message));
        notice.Markup.ShouldContain($"checked <time datetime=\"{result.CheckedAt:O}\"");
        notice.Find(".mud-alert").ClassList.ShouldContain("mud-alert-text-success");
    }

    [Fact]
    public async Task IntegrityNotice_BeforeAnyCheck_SaysSo()
    {
        var admin = await Domain.BootstrapAsync();
        SignIn(admin, [Permissions.ViewActivityLog]);

        var notice = Render<AuditIntegrityNotice>();

        notice.WaitForAssertion(() => notice.Markup.ShouldContain("The audit trail has not been checked yet"));
    }
}
