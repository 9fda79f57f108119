namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One band of a market's tick grid (<c>price_ranges[]</c>): prices from Start to End in steps of Step, in dollars.</summary>
public sealed record KalshiPriceRange(decimal Start, decimal End, decimal Step);
