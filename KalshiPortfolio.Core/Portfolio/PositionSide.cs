namespace KalshiPortfolio.Core.Portfolio;

/// <summary>The side a position holds, from the sign of Kalshi's <c>position_fp</c> (+ YES, − NO).</summary>
public enum PositionSide
{
    Yes,
    No,
}
