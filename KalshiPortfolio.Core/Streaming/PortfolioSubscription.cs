using System.Threading.Channels;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// One subscriber's view of a user's events (a Blazor circuit or an SSE client): its own bounded queue, which
/// drops its oldest event when full, so a slow subscriber never slows the upstream or anyone else.
/// Dispose it when the subscriber goes away.
/// </summary>
public sealed class PortfolioSubscription : IDisposable
{
    private readonly Action<PortfolioSubscription> _unsubscribe;
    private readonly Channel<PortfolioEvent> _channel;
    private long _dropped;
    private int _disposed;

    internal PortfolioSubscription(int capacity, Action<PortfolioSubscription> unsubscribe, Action onDropped)
    {
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<PortfolioEvent>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                onDropped();
            });
    }

    /// <summary>The events, starting with a snapshot or with the events missed since the resume point.</summary>
    public ChannelReader<PortfolioEvent> Reader => _channel.Reader;

    /// <summary>Events this subscriber lost because it read too slowly.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting to be read.</summary>
    public int QueueDepth => _channel.Reader.Count;

    internal bool TryWrite(PortfolioEvent portfolioEvent) => _channel.Writer.TryWrite(portfolioEvent);

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            Complete();
        }
    }
}
