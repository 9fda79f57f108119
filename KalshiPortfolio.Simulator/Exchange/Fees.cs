namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>Kalshi's quadratic taker fee.</summary>
public static class Fees
{
    /// <summary>The taker fee multiplier of ordinary (quadratic) series.</summary>
    public const decimal TakerMultiplier = 0.07m;

    /// <summary>
    /// <c>0.07 · count · P · (1 − P)</c>, rounded up to $0.0001 (direct members' precision).
    /// 1 contract @ 0.52 → 0.0175; @ 0.99 → 0.0007 (both confirmed live).
    /// </summary>
    public static decimal Taker(decimal count, decimal price)
    {
        var raw = TakerMultiplier * count * price * (1m - price);
        return decimal.Ceiling(raw * 10_000m) / 10_000m;
    }
}
