using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Sessions;

/// <summary>Server-side sessions: who may end which, the idle and absolute limits, and what every end publishes.</summary>
public sealed class SessionServiceTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync() => _w = await AdminWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private SessionService Sessions => _w.Context.GetScoped<SessionService>();

    private static ActingUser As(User user) => DomainTestContext.As(user);

    private Task<Guid> StartAsync(User user) => Sessions.StartAsync(user.Id, "192.0.2.1", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0 Safari/537.36", SessionFactors.None);

    private async Task<UserSession> LoadAsync(Guid id)
    {
        await using var db = await _w.Context.DbAsync();
        return await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task EndAllOfUserAsync_ForAUserBeyondTheAdministrator_IsRefusedAndAudited_AndTheSessionGoesOn()
    {
        var session = await StartAsync(_w.Admin);

        var result = await Sessions.EndAllOfUserAsync(As(_w.Support), _w.Admin.Id);

        result.Error!.Code.ShouldBe("escalation.target");
        (await LoadAsync(session)).IsEnded.ShouldBeFalse();
        await using var db = await _w.Context.DbAsync();
        var audit = await db.AuditEntries.OrderBy(a => a.Id).LastAsync();
        audit.Action.ShouldBe("session.end_all");
        audit.Outcome.ShouldBe(AuditOutcome.Refused);
    }

    [Fact]
    public async Task EndAllOfUserAsync_ForAManageableUser_EndsEachSession_AndPublishesEachEnd()
    {
        var first = await StartAsync(_w.Viewer);
        var second = await StartAsync(_w.Viewer);

        (await Sessions.EndAllOfUserAsync(await _w.ProveAsync(_w.Support), _w.Viewer.Id)).Succeeded.ShouldBeTrue();

        (await LoadAsync(first)).EndReason.ShouldBe(SessionEndReasons.SignedOutByAdministrator);
        (await LoadAsync(second)).EndReason.ShouldBe(SessionEndReasons.SignedOutByAdministrator);
        _w.Context.Changes.Published.Where(c => c.Kind == ChangeKind.Session && c.Action == ChangeAction.Ended)
            .Select(c => c.EntityId).ShouldBe([first.ToString(), second.ToString()], ignoreOrder: true);
        (await Sessions.CheckRequestAsync(first, _w.Viewer.Id)).ShouldBe(SessionEndReasons.SignedOutByAdministrator);
    }

    [Fact]
    public async Task EndAllOfUserAsync_ForOneself_IsRefused_TheProfileDoesThat()
    {
        await StartAsync(_w.Support);

        (await Sessions.EndAllOfUserAsync(As(_w.Support), _w.Support.Id)).Error.ShouldBe(SessionRules.OwnSessionsOnTheProfile);
    }

    [Fact]
    public async Task EndOthersAsync_EndsEveryOtherSession_AndKeepsThisOne()
    {
        var current = await StartAsync(_w.Viewer);
        var other = await StartAsync(_w.Viewer);

        (await Sessions.EndOthersAsync(As(_w.Viewer), current)).Succeeded.ShouldBeTrue();

        (await LoadAsync(other)).EndReason.ShouldBe(SessionEndReasons.SignedOutElsewhere);
        (await Sessions.CheckRequestAsync(current, _w.Viewer.Id)).ShouldBeNull();
        var list = (await Sessions.ListOwnAsync(As(_w.Viewer), current)).Value;
        list.Items.ShouldHaveSingleItem().IsCurrent.ShouldBeTrue();
        list.SignOutOthers.Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task EndOwnAsync_OfAnotherUsersSession_IsRefused()
    {
        var theirs = await StartAsync(_w.Viewer);

        (await Sessions.EndOwnAsync(As(_w.Support), theirs)).Error.ShouldBe(SessionRules.NotYourSession);
        (await LoadAsync(theirs)).IsEnded.ShouldBeFalse();
    }

    [Fact]
    public async Task CheckRequestAsync_AfterTheIdleLimit_EndsTheSessionAsExpired()
    {
        var session = await StartAsync(_w.Viewer);
        _w.Context.Clock.Advance(TimeSpan.FromMinutes(29));
        (await Sessions.CheckRequestAsync(session, _w.Viewer.Id)).ShouldBeNull();

        _w.Context.Clock.Advance(TimeSpan.FromMinutes(30));

        (await Sessions.CheckRequestAsync(session, _w.Viewer.Id)).ShouldBe(SessionEndReasons.Expired);
        (await LoadAsync(session)).EndReason.ShouldBe(SessionEndReasons.Expired);
    }

    [Fact]
    public async Task CheckRequestAsync_PastTheAbsoluteLimit_EndsTheSession_WhateverTheActivity()
    {
        var session = await StartAsync(_w.Viewer);
        for (var i = 0; i < 35; i++) // 11 h 40 min of activity every 20 min
        {
            _w.Context.Clock.Advance(TimeSpan.FromMinutes(20));
            (await Sessions.CheckRequestAsync(session, _w.Viewer.Id)).ShouldBeNull();
        }

        _w.Context.Clock.Advance(TimeSpan.FromMinutes(21));

        (await Sessions.CheckRequestAsync(session, _w.Viewer.Id)).ShouldBe(SessionEndReasons.ExpiredAbsolute);
    }

    [Fact]
    public async Task CheckRequestAsync_WithTheCookieOfAnotherUser_IsRefused()
    {
        var session = await StartAsync(_w.Viewer);

        (await Sessions.CheckRequestAsync(session, _w.Support.Id)).ShouldBe(SessionEndReasons.Ended);
    }

    [Theory]
    [InlineData(30, 120)]
    [InlineData(1, 30)]
    [InlineData(3, 90)]
    public void WarningLead_IsTheWarningTime_AtMostHalfTheIdleLimit(int idleMinutes, int leadSeconds) =>
        (SessionLimits.Default with { Idle = TimeSpan.FromMinutes(idleMinutes) }).WarningLead.ShouldBe(TimeSpan.FromSeconds(leadSeconds));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/140.0 Mobile/15E148 Safari/604.1", "Chrome", "iOS")]
    [InlineData("<script>alert(1)</script>", "Unknown browser", "Unknown system")]
    public void ClientDescription_NamesBrowserAndSystem_OnlyFromKnownNames(string userAgent, string browser, string system) =>
        ClientDescription.Parse(userAgent).ShouldBe(new ClientDescription(browser, system));
}
