namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>Names of Kalshi WebSocket channels (for <see cref="KalshiWsCommands.Subscribe"/>).</summary>
public static class KalshiWsChannels
{
    /// <summary>Top of book and last price per market; messages of type <c>ticker</c>.</summary>
    public const string Ticker = "ticker";

    /// <summary>Public trades; messages of type <c>trade</c>.</summary>
    public const string Trade = "trade";

    /// <summary>Order book snapshot then deltas (private; needs tickers).</summary>
    public const string OrderbookDelta = "orderbook_delta";

    /// <summary>Your fills (private); messages of type <c>fill</c>.</summary>
    public const string Fill = "fill";

    /// <summary>Your positions (private); messages of type <c>market_position</c> (singular).</summary>
    public const string MarketPositions = "market_positions";

    /// <summary>Your orders (private); messages of type <c>user_order</c>.</summary>
    public const string UserOrders = "user_orders";

    /// <summary>Market lifecycle events.</summary>
    public const string MarketLifecycle = "market_lifecycle_v2";
}
