using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// Turns each frame from Kalshi's socket into portfolio changes, on the socket's receive loop. A frame it cannot
/// read, a handler that fails, or a subscription whose <c>seq</c> skips means a message may be lost: the router
/// asks the truth loop for a check rather than trusting the socket. Never throws into the receive loop.
/// </summary>
internal sealed class MessageRouter(
    UserPortfolio portfolio,
    SocketCommands commands,
    Reconciler reconciler,
    PositionFollowUps followUps,
    PortfolioMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private readonly SequenceGaps _gaps = new();
    private long _lastMessageTicks;
    private long _malformed;
    private long _gapsSeen;
    private int _silent;
    private TaskCompletionSource? _positionsSubscribed;

    /// <summary>When the last frame arrived.</summary>
    public DateTimeOffset LastMessageAt => new(Interlocked.Read(ref _lastMessageTicks), TimeSpan.Zero);

    /// <summary>Frames that could not be read.</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformed);

    /// <summary>Sequence gaps seen.</summary>
    public long SequenceGaps => Interlocked.Read(ref _gapsSeen);

    /// <summary>Raised on the first frame after the link was marked silent.</summary>
    public Action? SpokeAgain { get; set; }

    /// <summary>A new socket: its numbering starts afresh; the returned task completes when Kalshi confirms market_positions.</summary>
    public Task OnNewSocket()
    {
        _gaps.Reset();
        Interlocked.Exchange(ref _lastMessageTicks, time.GetUtcNow().UtcTicks);
        Interlocked.Exchange(ref _silent, 0);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _positionsSubscribed, subscribed);
        return subscribed.Task;
    }

    /// <summary>The link was marked silent; the next frame ends it.</summary>
    public void NoteSilent() => Interlocked.Exchange(ref _silent, 1);

    public void OnMessage(string text)
    {
        try
        {
            var now = time.GetUtcNow();
            Interlocked.Exchange(ref _lastMessageTicks, now.UtcTicks);
            portfolio.NoteMessage(now);
            metrics.MessageReceived();
            if (Interlocked.Exchange(ref _silent, 0) == 1)
            {
                SpokeAgain?.Invoke();
            }
            var message = KalshiWsMessageParser.Parse(text);
            if (message is KalshiWsDataMessage data && _gaps.Observe(data.Sid, data.Seq))
            {
                Interlocked.Increment(ref _gapsSeen);
                logger.LogInformation("Kalshi's socket skipped messages for user {UserId} (sid {Sid}, seq {Seq}); checking against REST", portfolio.UserId, data.Sid, data.Seq);
                reconciler.Request(ReconcileReason.SequenceGap);
            }
            Route(message, now);
        }
        catch (Exception ex)
        {
            // Never let a handler failure reach the socket's receive loop (it would tear the socket down).
            logger.LogError(ex, "Handling a Kalshi message for user {UserId} failed; checking against REST", portfolio.UserId);
            reconciler.Request(ReconcileReason.HandlerError);
        }
    }

    private void Route(KalshiWsMessage message, DateTimeOffset now)
    {
        switch (message)
        {
            case KalshiWsTicker ticker:
                portfolio.ApplyQuote(ticker.ToQuote(now));
                break;
            case KalshiWsMarketPosition position:
                OnMarketPosition(position, now);
                break;
            case KalshiWsFill:
                followUps.CashMoved();
                break;
            case KalshiWsSubscribed subscribed:
                if (subscribed.Channel == KalshiWsChannels.MarketPositions)
                {
                    Volatile.Read(ref _positionsSubscribed)?.TrySetResult();
                }
                commands.Sync(t => t.OnSubscribed(subscribed.Id, subscribed.Channel, subscribed.Sid));
                break;
            case KalshiWsOk { Subscriptions.Count: > 0 } listed:
                commands.Sync(t => t.OnListed(listed.Id, listed.Subscriptions));
                break;
            case KalshiWsError error:
                commands.OnError(error.Id);
                logger.LogWarning("Kalshi WebSocket of user {UserId} answered error {Code}: {Message}", portfolio.UserId, error.Code, error.Message);
                break;
            case KalshiWsMalformed malformed:
                Interlocked.Increment(ref _malformed);
                metrics.MalformedFrame();
                if (malformed.Skipped is { } skipped)
                {
                    metrics.SkippedInput(skipped.Kind);
                    logger.LogWarning("Skipped an unusable item from Kalshi for user {UserId}: {Skipped}; checking against REST", portfolio.UserId, skipped);
                    MarkInDoubt(skipped);
                }
                else
                {
                    logger.LogDebug("An unreadable frame from Kalshi for user {UserId}: {Reason}; checking against REST", portfolio.UserId, malformed.Reason);
                }
                reconciler.Request(ReconcileReason.MalformedFrame);
                break;
        }
    }

    // A held market with an unusable item is not confirmed by the live socket until a good item (or REST) reads it.
    private void MarkInDoubt(Kalshi.Models.KalshiSkippedInput skipped)
    {
        var reason = skipped.Kind switch
        {
            Kalshi.Models.KalshiInputKind.Ticker => UnconfirmedReason.QuoteSkipped,
            Kalshi.Models.KalshiInputKind.MarketPosition or Kalshi.Models.KalshiInputKind.Fill => UnconfirmedReason.PositionSkipped,
            _ => (UnconfirmedReason?)null,
        };
        if (reason is { } why && skipped.Key is { } ticker && portfolio.GetPosition(ticker) is not null)
        {
            portfolio.MarkUnconfirmed(ticker, why);
        }
    }

    private void OnMarketPosition(KalshiWsMarketPosition message, DateTimeOffset now)
    {
        // The message may leave figures out: they come from the current state, read and written under one lock.
        var change = portfolio.ApplyPositionMessage(message.MarketTicker, previous => new PositionUpdate
        {
            Ticker = message.MarketTicker,
            Position = message.Position,
            Cost = message.PositionCost ?? previous?.Cost ?? 0m,
            RealizedPnl = message.RealizedPnl ?? previous?.RealizedPnl ?? 0m,
            FeesPaid = message.FeesPaid ?? previous?.FeesPaid ?? 0m,
            UpdatedAt = now,
        });
        switch (change?.Kind)
        {
            case PositionChangeKind.Opened:
                commands.Sync(t => t.Add(message.MarketTicker));
                followUps.Opened(message.MarketTicker);
                break;
            case PositionChangeKind.Closed:
                commands.Sync(t => t.Remove(message.MarketTicker));
                followUps.Closed(change);
                break;
        }
        if (change is not null)
        {
            // The socket rounds money to 4 decimals; Kalshi's REST figures (6) replace them shortly.
            reconciler.Request(ReconcileReason.PositionChanged);
        }
    }
}
