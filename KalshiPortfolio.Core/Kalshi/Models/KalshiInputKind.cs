namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>What kind of item from Kalshi was skipped because it could not be used.</summary>
public enum KalshiInputKind
{
    /// <summary>A <c>market_positions[]</c> row (REST) or a <c>market_position</c> message (WebSocket).</summary>
    MarketPosition,

    /// <summary>An <c>event_positions[]</c> row.</summary>
    EventPosition,

    /// <summary>A fill: a <c>fills[]</c> row (REST) or a <c>fill</c> message (WebSocket).</summary>
    Fill,

    /// <summary>A <c>settlements[]</c> row.</summary>
    Settlement,

    /// <summary>A market of <c>GET /markets</c> or of an event.</summary>
    Market,

    /// <summary>A <c>ticker</c> message.</summary>
    Ticker,

    /// <summary>A <c>trade</c> message.</summary>
    Trade,
}
