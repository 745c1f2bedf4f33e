using Microsoft.Extensions.Logging.Abstractions;
using UserConsole.App.Live;
using UserConsole.Domain.Changes;

namespace UserConsole.Tests.Live;

public sealed class InMemoryChangeFeedTests
{
    private readonly InMemoryChangeFeed _feed = new(NullLogger<InMemoryChangeFeed>.Instance);

    private static Func<DomainChange, bool> UserFilter(Guid userId) =>
        c => c.Kind == ChangeKind.User && c.EntityId == userId.ToString();

    [Fact]
    public async Task Publish_ReachesOnlyTheSubscribersOfThatUser()
    {
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        var aliceGot = new TaskCompletionSource<IReadOnlyList<DomainChange>>();
        var bobGot = new List<DomainChange>();
        using var aliceSubscription = _feed.Subscribe(UserFilter(alice), batch => { aliceGot.TrySetResult(batch); return Task.CompletedTask; });
        using var bobSubscription = _feed.Subscribe(UserFilter(bob), batch => { lock (bobGot) { bobGot.AddRange(batch); } return Task.CompletedTask; });

        _feed.Publish(new DomainChange(ChangeKind.User, alice.ToString(), ChangeAction.Disabled));

        var received = await aliceGot.Task.WaitAsync(TimeSpan.FromSeconds(5));
        received.ShouldHaveSingleItem().Action.ShouldBe(ChangeAction.Disabled);
        await Task.Delay(200);
        lock (bobGot)
        {
            bobGot.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Dispose_Unsubscribes_SoNothingMoreArrives()
    {
        var user = Guid.NewGuid();
        var count = 0;
        var first = new TaskCompletionSource();
        var subscription = _feed.Subscribe(UserFilter(user), batch => { Interlocked.Add(ref count, batch.Count); first.TrySetResult(); return Task.CompletedTask; });
        _feed.Publish(new DomainChange(ChangeKind.User, user.ToString(), ChangeAction.Updated));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(5));

        subscription.Dispose();
        _feed.Publish(new DomainChange(ChangeKind.User, user.ToString(), ChangeAction.Updated));
        await Task.Delay(200);

        count.ShouldBe(1);
        _feed.SubscriberCount.ShouldBe(0);
    }

    [Fact]
    public async Task Burst_ArrivesInOrder_InFewBatches()
    {
        var user = Guid.NewGuid();
        var received = new List<DomainChange>();
        var batches = 0;
        var done = new TaskCompletionSource();
        var gate = new SemaphoreSlim(0);
        using var subscription = _feed.Subscribe(UserFilter(user), async batch =>
        {
            await gate.WaitAsync();
            batches++;
            received.AddRange(batch);
            if (received.Count == 100)
            {
                done.TrySetResult();
            }
        });

        for (var i = 0; i < 100; i++)
        {
            _feed.Publish(new DomainChange(ChangeKind.User, user.ToString(), ChangeAction.Updated, $"s{i}"));
        }

        gate.Release(100);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));
        received.Select(c => c.OriginSessionId).ShouldBe(Enumerable.Range(0, 100).Select(i => $"s{i}"));
        batches.ShouldBeLessThan(100);
    }

    [Fact]
    public async Task FailingSubscriber_DoesNotStopOthers()
    {
        var user = Guid.NewGuid();
        var other = new TaskCompletionSource();
        using var failing = _feed.Subscribe(UserFilter(user), _ => throw new InvalidOperationException("boom"));
        using var healthy = _feed.Subscribe(UserFilter(user), _ => { other.TrySetResult(); return Task.CompletedTask; });

        _feed.Publish(new DomainChange(ChangeKind.User, user.ToString(), ChangeAction.Updated));

        await other.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
