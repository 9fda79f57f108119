namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>The unit of a legacy integer money field, as a divisor to dollars.</summary>
internal enum LegacyMoneyUnit
{
    /// <summary>REST legacy money (<c>yes_bid</c>, <c>market_exposure</c>, <c>balance</c>, <c>revenue</c>): 1/100 dollar.</summary>
    Cents = 100,

    /// <summary>Legacy WebSocket <c>market_position</c> money (<c>position_cost</c>, ...): 1/10,000 dollar.</summary>
    CentiCents = 10_000,
}
