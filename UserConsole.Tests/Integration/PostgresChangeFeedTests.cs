using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using UserConsole.App.Live;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>Two instances' change feeds over one PostgreSQL database (LISTEN/NOTIFY): a change committed on one reaches
/// the other's subscriptions, and a lost LISTEN connection comes back, tells the subscriptions to reload and hears the
/// next change. PostgreSQL runs only.</summary>
public sealed class PostgresChangeFeedTests : IAsyncLifetime
{
    private Instance _a = null!;
    private Instance _b = null!;

    public async ValueTask InitializeAsync()
    {
        TestProvider.SkipUnlessPostgres("LISTEN/NOTIFY across instances");
        var database = new DatabaseSettings(DatabaseProvider.PostgreSQL, await TestPostgres.Shared.CreateDatabaseAsync());
        _a = await Instance.StartAsync(database);
        _b = await Instance.StartAsync(database);
    }

    [Fact]
    public async Task Change_CommittedOnInstanceA_ReachesInstanceBsSubscribers()
    {
        var change = new DomainChange(ChangeKind.User, Guid.NewGuid().ToString(), ChangeAction.Disabled, "session-1");

        var watch = Stopwatch.StartNew();
        _a.Feed.Publish(change);
        var received = await _b.NextAsync(c => c.EntityId == change.EntityId);

        TestContext.Current.SendDiagnosticMessage($"Change from A reached B's subscriber after {watch.Elapsed.TotalMilliseconds:F1} ms.");
        received.ShouldBe(change);
        (await _a.NextAsync(c => c.EntityId == change.EntityId)).ShouldBe(change, "A's own subscribers hear it too, once");
    }

    [Fact]
    public async Task ListenConnection_Terminated_ReconnectsTellsSubscribersToReloadAndHearsTheNextChange()
    {
        var before = _b.Feed.ListenerProcessId;
        before.ShouldNotBe(0);

        await TestPostgres.Shared.ExecuteAsync("postgres", $"SELECT pg_terminate_backend({before})");

        (await _b.NextAsync(c => c.Kind == ChangeKind.Everything)).ShouldBe(DomainChange.Resync, "open circuits are told to reload");
        _b.Feed.ListenerProcessId.ShouldNotBe(before);
        _b.Feed.Reconnects.ShouldBe(1);
        var change = new DomainChange(ChangeKind.Role, Guid.NewGuid().ToString(), ChangeAction.Updated);
        _a.Feed.Publish(change);
        (await _b.NextAsync(c => c.EntityId == change.EntityId)).ShouldBe(change);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in new[] { _a, _b }.Where(i => i is not null))
        {
            await instance.DisposeAsync();
        }
    }

    private sealed class Instance : IAsyncDisposable
    {
        private readonly Channel<DomainChange> _received = Channel.CreateUnbounded<DomainChange>();
        private readonly IDisposable _subscription;

        private Instance(PostgresChangeFeed feed, InMemoryChangeFeed local)
        {
            Feed = feed;
            _subscription = local.Subscribe(_ => true, async batch =>
            {
                foreach (var change in batch)
                {
                    await _received.Writer.WriteAsync(change);
                }
            });
        }

        public PostgresChangeFeed Feed { get; }

        public static async Task<Instance> StartAsync(DatabaseSettings database)
        {
            var local = new InMemoryChangeFeed(NullLogger<InMemoryChangeFeed>.Instance);
            var feed = new PostgresChangeFeed(local, database, NullLogger<PostgresChangeFeed>.Instance);
            await feed.StartAsync(TestContext.Current.CancellationToken);
            await feed.Listening.WaitAsync(TimeSpan.FromSeconds(10));
            return new Instance(feed, local);
        }

        /// <summary>The next change received that matches, waiting at most 5 s (the target is well under 1 s; the
        /// measured time is printed, not asserted).</summary>
        public async Task<DomainChange> NextAsync(Func<DomainChange, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (true)
            {
                var change = await _received.Reader.ReadAsync(timeout.Token);
                if (match(change))
                {
                    return change;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            await Feed.StopAsync(CancellationToken.None);
            Feed.Dispose();
        }
    }
}
