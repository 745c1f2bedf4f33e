using System.Threading.Channels;

namespace UserConsole.App.Live;

/// <summary>Delivers committed domain changes to the open circuits that asked for them. One process uses
/// <see cref="InMemoryChangeFeed"/>; several processes sharing PostgreSQL add <see cref="PostgresChangeFeed"/>, which
/// sends every change to the other instances with NOTIFY and feeds theirs into this one's subscriptions.</summary>
public interface IChangeFeed
{
    /// <summary>Calls <paramref name="onChanges"/> with the changes matching <paramref name="filter"/>, in order,
    /// one batch at a time (a burst arrives as one batch, so a list reloads once, not a hundred times).
    /// Dispose the subscription with the component or circuit that made it. <see cref="DomainChange.Resync"/> reaches
    /// every subscription whatever its filter.</summary>
    IDisposable Subscribe(Func<DomainChange, bool> filter, Func<IReadOnlyList<DomainChange>, Task> onChanges);
}

/// <summary>The in-process feed: every subscription has its own queue and reader, so a slow subscriber never
/// delays the publisher (a domain operation) or the other subscribers.</summary>
public sealed partial class InMemoryChangeFeed(ILogger<InMemoryChangeFeed> logger) : IChangeFeed, IChangePublisher
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public void Publish(DomainChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Subscription[] current;
        lock (_gate)
        {
            current = [.. _subscriptions];
        }

        foreach (var subscription in current)
        {
            subscription.Offer(change);
        }
    }

    /// <summary>Tells every subscription that changes may have been missed (<see cref="DomainChange.Resync"/>).</summary>
    public void Resync()
    {
        Subscription[] current;
        lock (_gate)
        {
            current = [.. _subscriptions];
        }

        foreach (var subscription in current)
        {
            subscription.Offer(DomainChange.Resync);
        }
    }

    public IDisposable Subscribe(Func<DomainChange, bool> filter, Func<IReadOnlyList<DomainChange>, Task> onChanges)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(onChanges);
        var subscription = new Subscription(this, filter, onChanges);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        subscription.Start();
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A change subscriber failed; it stays subscribed.")]
    private partial void LogSubscriberFailed(Exception exception);

    private sealed class Subscription(InMemoryChangeFeed feed, Func<DomainChange, bool> filter, Func<IReadOnlyList<DomainChange>, Task> onChanges) : IDisposable
    {
        private readonly Channel<DomainChange> _queue = Channel.CreateUnbounded<DomainChange>(new UnboundedChannelOptions { SingleReader = true });
        private int _disposed;

        public void Start() => _ = Task.Run(ReadAsync);

        public void Offer(DomainChange change)
        {
            bool wanted;
            try
            {
                wanted = ReferenceEquals(change, DomainChange.Resync) || filter(change);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                feed.LogSubscriberFailed(ex);
                return;
            }

            if (wanted)
            {
                _queue.Writer.TryWrite(change);
            }
        }

        private async Task ReadAsync()
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync())
            {
                var batch = new List<DomainChange>();
                while (reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                if (Volatile.Read(ref _disposed) == 1)
                {
                    return;
                }

                try
                {
                    await onChanges(batch);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    feed.LogSubscriberFailed(ex);
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(this);
                _queue.Writer.TryComplete();
            }
        }
    }
}
