using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Access;

/// <summary>"Who can see this?" for a server: who can, and for who cannot the first reason, in the words of the
/// Access section.</summary>
public sealed class WhoCanSeeTests
{
    [Fact]
    public async Task WhoCanSeeAsync_Server_ListsWhoCanAndTheFirstReasonOfWhoCannot()
    {
        await using var context = await DomainTestContext.CreateAsync();
        var admin = DomainTestContext.As(await context.BootstrapAsync());
        var world = await BackupWorld.CreateAsync(context, servers: 2, storages: 1, prefix: "wc");
        var operators = await context.CreateRoleAsync("Operator", Permissions.ViewServersPage);
        var auditors = await context.CreateRoleAsync("Auditor", Permissions.ViewActivityLog);
        await context.CreateUserAsync("in-scope", operators, BackupWorld.ScopeOf([world.Servers[0]]));
        await context.CreateUserAsync("elsewhere", operators, BackupWorld.ScopeOf([world.Servers[1]]));
        await context.CreateUserAsync("auditor", auditors);
        await context.CreateUserAsync("gone", operators, enabled: false);

        var who = (await context.GetScoped<AccessExplorer>().WhoCanSeeAsync(admin, AccessTargetKind.ProductionServer, world.Servers[0].Id)).Value;

        who.TargetName.ShouldBe("wc-01");
        who.CanSee.ShouldBe(["admin", "in-scope"]);
        who.CannotSee.ShouldBe([("auditor", "Role \"Auditor\" lacks view_servers_page"), ("elsewhere", "Not in scope"), ("gone", "Account disabled")]);
    }

    [Fact]
    public async Task WhoCanSeeAsync_AHolderOfARoleRequiring2faWithoutOne_CannotSee_UntilTheySetItUp()
    {
        await using var context = await DomainTestContext.CreateAsync();
        var admin = DomainTestContext.As(await context.BootstrapAsync());
        var world = await BackupWorld.CreateAsync(context, servers: 1, storages: 1, prefix: "tf");
        var strict = await context.CreateRoleAsync("Strict operator", Permissions.ViewServersPage);
        await using (var db = await context.DbAsync())
        {
            await db.Roles.Where(r => r.Id == strict.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.RequiresTwoFactor, true), TestContext.Current.CancellationToken);
        }

        var held = await context.CreateUserAsync("held-back", strict);
        var explorer = context.GetScoped<AccessExplorer>();

        var who = (await explorer.WhoCanSeeAsync(admin, AccessTargetKind.ProductionServer, world.Servers[0].Id)).Value;
        who.CannotSee.ShouldBe([("held-back", "Must set up two-factor authentication first")]);

        // The same answer as the operation's: once the authenticator is on, they can.
        await using (var db = await context.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == held.Id, TestContext.Current.CancellationToken)).EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        (await explorer.WhoCanSeeAsync(admin, AccessTargetKind.ProductionServer, world.Servers[0].Id)).Value.CanSee.ShouldBe(["admin", "held-back"]);
    }
}
