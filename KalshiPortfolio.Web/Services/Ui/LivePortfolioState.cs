using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>Where this circuit's live feed stands.</summary>
public enum LiveFeed
{
    /// <summary>Not started (prerender, or before the first interactive render).</summary>
    Idle,

    /// <summary>Subscribed: events flow.</summary>
    Live,

    /// <summary>The user has no live portfolio on the server (signed out elsewhere, or the server restarted).</summary>
    Unavailable,

    /// <summary>The server ended the stream (the user signed out, or the stream stopped).</summary>
    Ended,

    /// <summary>The session's token expired or was revoked: the circuit must sign out.</summary>
    SessionExpired,
}

/// <summary>The link between the server and this browser tab, for the diagnostics dialog.</summary>
public sealed record TabLinkDiagnostics
{
    /// <summary>Events this tab received from the server.</summary>
    public long EventsReceived { get; init; }

    /// <summary>When this tab last received an event (UTC).</summary>
    public DateTimeOffset? LastEventAt { get; init; }

    /// <summary>Events this tab's queue dropped because it read too slowly (each one forces a resync).</summary>
    public long DroppedEvents { get; init; }

    /// <summary>Times this tab re-subscribed after a gap in the event ids.</summary>
    public int Resyncs { get; init; }

    /// <summary>Renders this tab was asked for (one per frame at most, whatever the event rate).</summary>
    public long Notifications { get; init; }
}

/// <summary>
/// An immutable picture of one user's live portfolio, as one circuit sees it. A new instance is published at
/// most once per frame; components read <see cref="LivePortfolio.State"/> when they render. Position states
/// that did not change keep their reference, so a card can skip its render.
/// </summary>
public sealed record LivePortfolioState
{
    public static LivePortfolioState Empty { get; } = new();

    /// <summary>Open positions, ordered by ticker.</summary>
    public IReadOnlyList<PositionState> Positions { get; init; } = [];

    /// <summary>The same positions by ticker.</summary>
    public IReadOnlyDictionary<string, PositionState> ByTicker { get; init; } =
        new Dictionary<string, PositionState>(StringComparer.Ordinal);

    /// <summary>Totals and today's P&amp;L, once the snapshot has arrived.</summary>
    public PortfolioView? Portfolio { get; init; }

    /// <summary>The link to Kalshi, or null when the server has no live portfolio for the user.</summary>
    public ConnectionStatus? Status { get; init; }

    /// <summary>When the positions or totals last changed (the event's time, UTC).</summary>
    public DateTimeOffset? LastUpdate { get; init; }

    /// <summary>True once the first snapshot has been applied.</summary>
    public bool IsLoaded { get; init; }

    public LiveFeed Feed { get; init; }

    /// <summary>Why the session ended, when <see cref="Feed"/> is <see cref="LiveFeed.SessionExpired"/>.</summary>
    public string? SessionEndReason { get; init; }

    public TabLinkDiagnostics Tab { get; init; } = new();

    /// <summary>Grows by one per published state.</summary>
    public long Version { get; init; }

    /// <summary>True while the first snapshot is awaited: the screen shows skeletons.</summary>
    public bool IsLoading => !IsLoaded && Feed is LiveFeed.Idle or LiveFeed.Live;

    public PositionState? Find(string ticker) => ByTicker.GetValueOrDefault(ticker);
}
