using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Roles;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync()
    {
        _w = await AdminWorld.CreateAsync();
        await _w.Users.CreateAsync(DomainTestContext.As(_w.Manager), _w.NewOperator("alice"));
        await _w.Roles.CreateAsync(DomainTestContext.As(_w.Support), new RoleInput { Name = "Sneaky", Permissions = [Permissions.DeleteUsers] });
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private AuditLog Log => _w.Context.GetScoped<AuditLog>();

    [Fact]
    public async Task ListAsync_ShowsNewestFirst_WithActorAndChanges()
    {
        var page = (await Log.ListAsync(DomainTestContext.As(_w.Admin), new AuditQuery())).Value;

        page.Items[0].Action.ShouldBe("role.create");
        page.Items[0].Outcome.ShouldBe(AuditOutcome.Refused);
        page.Items[0].ErrorCode.ShouldBe("permission.denied");
        var created = page.Items[1];
        created.Action.ShouldBe("user.create");
        created.ActorUserName.ShouldBe("manager");
        created.TargetName.ShouldBe("alice");
        created.Changes["Email"].After.ShouldBe("alice@example.test");
    }

    [Fact]
    public async Task ListAsync_FilteredByOutcomeAndSearch_ReturnsOnlyThose()
    {
        var refused = (await Log.ListAsync(DomainTestContext.As(_w.Admin), new AuditQuery { Outcome = AuditOutcome.Refused })).Value;
        var search = (await Log.ListAsync(DomainTestContext.As(_w.Admin), new AuditQuery { Search = "alice" })).Value;

        refused.Items.ShouldAllBe(i => i.Outcome == AuditOutcome.Refused);
        refused.TotalCount.ShouldBe(1);
        search.Items.ShouldHaveSingleItem().Action.ShouldBe("user.create");
    }

    [Fact]
    public async Task ListAsync_WithoutViewActivityLog_IsRefused()
    {
        var result = await Log.ListAsync(DomainTestContext.As(_w.Manager), new AuditQuery());

        result.Error!.Message.ShouldBe("You need the view_activity_log permission.");
    }
}
