namespace KalshiPortfolio.Core.Portfolio;

/// <summary>How an open position is valued.</summary>
public enum MarkMethod
{
    /// <summary>What the position would fetch if sold now: YES at the YES bid, NO at 1 − YES ask. The default.</summary>
    Liquidation,

    /// <summary>The middle of the book: YES at (bid + ask) / 2, NO at 1 − that.</summary>
    Mid,

    /// <summary>The last trade: YES at the last price, NO at 1 − the last price.</summary>
    Last,
}
