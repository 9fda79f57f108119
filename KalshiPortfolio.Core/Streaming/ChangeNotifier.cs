using System.Collections.Concurrent;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// Delivers a portfolio's change notifications to its subscribers outside the portfolio's lock, in the order the
/// changes were made: the owner queues under its lock and calls <see cref="Drain"/> after releasing it; one caller
/// drains at a time, so notifications never overtake each other.
/// </summary>
internal sealed class ChangeNotifier<T>
{
    private readonly ConcurrentQueue<T> _queue = new();
    private readonly Lock _subscribersGate = new();
    private Action<T>[] _subscribers = [];
    private int _draining;

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    public IDisposable Subscribe(Action<T> handler)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, handler];
        }
        return new Unsubscriber(this, handler);
    }

    /// <summary>Queues a notification (call under the owner's lock, so the queue order is the change order).</summary>
    public void Enqueue(T item)
    {
        if (HasSubscribers)
        {
            _queue.Enqueue(item);
        }
    }

    /// <summary>Delivers what is queued (call after releasing the owner's lock).</summary>
    public void Drain()
    {
        while (!_queue.IsEmpty)
        {
            if (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return; // the caller draining now delivers this one too
            }
            try
            {
                while (_queue.TryDequeue(out var item))
                {
                    foreach (var subscriber in Volatile.Read(ref _subscribers))
                    {
                        subscriber(item);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }
        }
    }

    private void Unsubscribe(Action<T> handler)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => s != handler)];
        }
    }

    private sealed class Unsubscriber(ChangeNotifier<T> owner, Action<T> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
