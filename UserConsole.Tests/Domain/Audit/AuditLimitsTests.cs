using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

/// <summary>A refused edit records what was asked for, but never more of it than the field could ever hold.</summary>
public sealed class AuditLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusedUserEdit_With32KilobytesOfText_KeepsAtMostTheFieldsLength()
    {
        await using var w = await AdminWorld.CreateAsync();
        var input = await w.EditOfAsync(w.OperatorNarrow);
        input.FullName = new string('x', 32 * 1024);
        input.Company = new string('y', 32 * 1024);

        var result = await w.Users.UpdateAsync(DomainTestContext.As(w.Admin), input, Ct);

        result.Error!.Property.ShouldBe(nameof(UpdateUserInput.FullName));
        var entry = (await w.AuditAsync())[^1];
        entry.Outcome.ShouldBe(AuditOutcome.Refused);
        var attempted = ChangeSet.Parse(entry.Changes);
        attempted["FullName"].After!.Length.ShouldBe(UserFieldRules.DetailMax);
        attempted["Company"].After!.Length.ShouldBe(UserFieldRules.DetailMax);
        entry.Changes!.Length.ShouldBeLessThan(2_000);
    }

    [Fact]
    public async Task RefusedServerEdit_WithAnOverlongHost_KeepsAtMostTheHostsLength()
    {
        await using var ctx = await DomainTestContext.CreateAsync();
        var admin = await ctx.BootstrapAsync();
        var server = await ctx.CreateServerAsync("web-01");

        var result = await ctx.GetScoped<InventoryAdministration>().UpdateServerAsync(DomainTestContext.As(admin), server.Id,
            new ServerInput { Name = "web-01", Host = new string('h', 20_000), OperatingSystem = "Debian 13", ConcurrencyStamp = server.ConcurrencyStamp }, Ct);

        result.Error!.Property.ShouldBe(nameof(ServerInput.Host));
        await using var db = await ctx.DbAsync();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(Ct);
        (entry.Action, entry.Outcome).ShouldBe(("server.update", AuditOutcome.Refused));
        ChangeSet.Parse(entry.Changes)["Host"].After!.Length.ShouldBe(253);
    }
}
